package org.crmhub.hub.ingest;

/**
 * Key layout of the ingest partitions. Each partition's keys share the hash tag {@code {in:N}} so
 * the accept script (dedupe + append) runs in one slot on Redis Cluster.
 */
public final class IngestKeys {

  public static final String CONSUMER_GROUP = "hub";
  public static final String DEAD_LETTERS = "crm:dead-letters";

  private final int partitions;

  public IngestKeys(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("at least one ingest partition");
    }
    this.partitions = partitions;
  }

  public int partitions() {
    return partitions;
  }

  public int partitionOf(String channel, String externalId) {
    return Math.floorMod((channel + '\u0000' + externalId).hashCode(), partitions);
  }

  public String stream(int partition) {
    return "crm:{in:" + partition + "}:stream";
  }

  /** Written (and waited for) on the partition's primary so that WAIT covers the partition's stream. */
  public String replicationMark(int partition) {
    return "crm:{in:" + partition + "}:replication-mark";
  }

  public String dedupe(int partition, String channel, String externalId) {
    return "crm:{in:" + partition + "}:seen:" + channel + ":" + externalId;
  }
}
