package org.crmhub.hub.testing;

import java.util.ArrayList;
import java.util.List;

/** A Redis Cluster's {@code CLUSTER NODES} reply: each node's role, its primary, and the slots it serves. */
public record ClusterNodes(List<Node> nodes) {

  /**
   * @param myself whether this is the node that answered
   * @param primaryId for a replica the id of its primary, else null
   * @param slotRanges for a primary the slot ranges it serves, each {@code {first, last}}
   */
  public record Node(String id, int port, boolean myself, boolean primary, String primaryId, List<int[]> slotRanges) {

    boolean serves(int slot) {
      return slotRanges.stream().anyMatch(range -> range[0] <= slot && slot <= range[1]);
    }
  }

  static ClusterNodes parse(String reply) {
    List<Node> nodes = new ArrayList<>();
    for (String line : reply.split("\r?\n")) {
      if (line.isBlank()) {
        continue;
      }
      // <id> <ip:port@cport> <flags> <primary id or -> <ping-sent> <pong-recv> <epoch> <link> <slot>...
      String[] fields = line.trim().split(" ");
      String address = fields[1];
      int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1, address.indexOf('@')));
      List<String> flags = List.of(fields[2].split(","));
      boolean primary = flags.contains("master");
      List<int[]> slots = new ArrayList<>();
      for (int i = 8; i < fields.length; i++) {
        if (fields[i].startsWith("[")) {
          continue; // a slot being migrated or imported
        }
        String[] range = fields[i].split("-");
        slots.add(new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[range.length - 1])});
      }
      nodes.add(new Node(fields[0], port, flags.contains("myself"), primary, "-".equals(fields[3]) ? null : fields[3],
          List.copyOf(slots)));
    }
    return new ClusterNodes(List.copyOf(nodes));
  }

  /** The node that answered. */
  Node myself() {
    return nodes.stream().filter(Node::myself).findFirst()
        .orElseThrow(() -> new IllegalStateException("no node is marked myself: " + nodes));
  }

  public List<Node> replicas() {
    return nodes.stream().filter(node -> !node.primary()).toList();
  }

  /** The primary serving {@code slot}. */
  public Node primaryOf(int slot) {
    return nodes.stream().filter(node -> node.primary() && node.serves(slot)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no primary serves slot " + slot + ": " + nodes));
  }

  /** A replica of {@code primary}. */
  public Node replicaOf(Node primary) {
    return nodes.stream().filter(node -> primary.id().equals(node.primaryId())).findFirst()
        .orElseThrow(() -> new IllegalStateException("primary " + primary.port() + " has no replica: " + nodes));
  }
}
