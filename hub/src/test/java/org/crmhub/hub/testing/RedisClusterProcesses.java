package org.crmhub.hub.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A three-primary Redis Cluster on loopback, from the machine's {@code redis-server} and
 * {@code redis-cli} (Debian's redis-server package; {@code .ci/run} installs it), each node with AOF
 * {@code appendfsync always} like the hub's embedded default, and optionally replicas for each
 * primary (the node timeout is {@code RedisServerProcess}'s two seconds, so a replica takes over
 * a few seconds after its primary died).
 */
public final class RedisClusterProcesses implements AutoCloseable {

  private static final Path REDIS_CLI = Path.of("/usr/bin/redis-cli");
  private static final int PRIMARIES = 3;
  private static final long READY_TIMEOUT_MS = 20_000;

  private final List<RedisServerProcess> nodes;

  private RedisClusterProcesses(List<RedisServerProcess> nodes) {
    this.nodes = nodes;
  }

  public static boolean available() {
    return RedisServerProcess.available() && Files.isExecutable(REDIS_CLI);
  }

  /** Three primaries, no replicas. */
  static RedisClusterProcesses start(Path dir) throws IOException, InterruptedException {
    return start(dir, 0);
  }

  /** Three primaries with {@code replicasPerPrimary} replicas each, returned once every replica is in sync. */
  public static RedisClusterProcesses start(Path dir, int replicasPerPrimary) throws IOException, InterruptedException {
    List<RedisServerProcess> nodes = new ArrayList<>();
    RedisClusterProcesses cluster = new RedisClusterProcesses(nodes);
    try {
      for (int i = 0; i < PRIMARIES * (1 + replicasPerPrimary); i++) {
        nodes.add(RedisServerProcess.start(dir.resolve("node-" + i), true));
      }
      List<String> create = new ArrayList<>(List.of("--cluster", "create"));
      nodes.forEach(node -> create.add("127.0.0.1:" + node.port()));
      create.addAll(List.of("--cluster-replicas", Integer.toString(replicasPerPrimary), "--cluster-yes"));
      String created = cli(create);
      if (!created.contains("All 16384 slots covered")) {
        throw new IOException("redis-cli --cluster create failed: " + created);
      }
      for (RedisServerProcess node : nodes) {
        awaitReply(node, "cluster_state:ok", "cluster", "info");
      }
      // a replica knows its role at once, the other nodes by gossip: each must know every replica
      // before a layout read from any of them is whole
      List<String> replicaIds = new ArrayList<>();
      for (RedisServerProcess node : nodes) {
        ClusterNodes.Node self = ClusterNodes.parse(cli(List.of("-p", Integer.toString(node.port()), "cluster", "nodes")))
            .myself();
        if (!self.primary()) {
          replicaIds.add(self.id());
          awaitReply(node, "master_link_status:up", "info", "replication");
        }
      }
      for (RedisServerProcess node : nodes) {
        for (String replicaId : replicaIds) {
          awaitReply(node, "^" + replicaId + " \\S+ (myself,)?slave ", "cluster", "nodes");
        }
      }
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  public String url() {
    return "redis-cluster://" + nodes.stream().map(node -> "127.0.0.1:" + node.port()).collect(Collectors.joining(","));
  }

  /** Who is primary and replica of whom, and which slots each primary serves, as a node sees it. */
  public ClusterNodes layout() throws IOException, InterruptedException {
    return ClusterNodes.parse(cli(List.of("-p", Integer.toString(nodes.get(0).port()), "cluster", "nodes")));
  }

  /**
   * Moves an empty slot to the primary {@code to}, the way {@code redis-cli --cluster reshard}
   * does (importing, migrating, then the new owner on both, which bumps its epoch), and returns
   * once every node names the new owner.
   */
  public void moveEmptySlot(int slot, ClusterNodes.Node to) throws IOException, InterruptedException {
    ClusterNodes.Node from = layout().primaryOf(slot);
    if (from.id().equals(to.id())) {
      return;
    }
    String s = Integer.toString(slot);
    expectOk(cli(List.of("-p", Integer.toString(to.port()), "cluster", "setslot", s, "importing", from.id())));
    expectOk(cli(List.of("-p", Integer.toString(from.port()), "cluster", "setslot", s, "migrating", to.id())));
    expectOk(cli(List.of("-p", Integer.toString(to.port()), "cluster", "setslot", s, "node", to.id())));
    expectOk(cli(List.of("-p", Integer.toString(from.port()), "cluster", "setslot", s, "node", to.id())));
    for (RedisServerProcess node : nodes) {
      awaitReply(node, "^" + Pattern.quote(to.id()) + " .* " + s + "( |$)", "cluster", "nodes");
    }
  }

  private static void expectOk(String reply) throws IOException {
    if (!reply.trim().equals("OK")) {
      throw new IOException("redis-cli answered: " + reply);
    }
  }

  /** The node process listening on {@code port}. */
  public RedisServerProcess node(int port) {
    return nodes.stream().filter(node -> node.port() == port).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node of this cluster listens on " + port));
  }

  /** Repeats the command every 50 ms (at most 400 times) until a line of its reply matches {@code line}. */
  private static void awaitReply(RedisServerProcess node, String line, String... command) throws IOException {
    List<String> args = new ArrayList<>(List.of(REDIS_CLI.toString(), "-p", Integer.toString(node.port()),
        "-r", "400", "-i", "0.05"));
    args.addAll(List.of(command));
    Process watch = new ProcessBuilder(args).redirectErrorStream(true).start();
    try {
      ProcessOutput.awaitLine(watch, Pattern.compile(line), READY_TIMEOUT_MS);
    } finally {
      watch.destroy();
    }
  }

  private static String cli(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(REDIS_CLI.toString());
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("redis-cli " + String.join(" ", args) + " did not finish");
    }
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    nodes.forEach(RedisServerProcess::close);
  }
}
