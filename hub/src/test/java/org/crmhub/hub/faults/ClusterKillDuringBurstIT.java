package org.crmhub.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.crmhub.hub.testing.RedisClusterProcesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two packaged hubs on {@code redis-cluster://} (three primaries, one replica each), a burst of
 * contacts on both, and in the middle of it one primary killed while its replica lags behind
 * ({@link FailoverBurst}, {@link LaggingReplicaFailover}): the one serving an ingest partition,
 * the domain events and a third of the customers and conversations ({@link ClusterTopology}). The
 * cluster promotes the replica and the hubs find it by refreshing their slot map. With
 * {@code CRMHUB_REDIS_REPLICA_ACKS=1} every contact answered 202 is in the inbox exactly once
 * afterwards, although the consumer group's deliveries and acknowledgements on that shard, and
 * records filed there from contacts of the other partition, were lost with the old primary. The
 * negative control counts what the same failover loses with replica acknowledgements off. Both
 * runs write their figures to {@code target/fault-figures/ClusterKillDuringBurstIT.txt}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterKillDuringBurstIT {

  private static final int CONTACTS = 2_000;
  /**
   * The shard's replication stream fits in loopback socket buffers for long (the primary's own
   * buffer for the replica barely grows, so the time limit decides); a longer text per contact
   * fills them sooner, so the kill loses stream the replica never got.
   */
  private static final long LONGEST_LAG_MS = 8_000;
  private static final int TEXT_CHARS = 1_500;

  private final Vertx vertx = Vertx.vertx();
  private final FailoverBurst burst = new FailoverBurst(vertx, getClass().getSimpleName(), CONTACTS, LONGEST_LAG_MS, TEXT_CHARS);
  private ClusterTopology topology;

  @BeforeEach
  void startClusterWithReplicas() throws Exception {
    Assumptions.assumeTrue(RedisClusterProcesses.available(),
        "needs Debian's redis-server and redis-cli (.ci/run installs them)");
    topology = ClusterTopology.start(vertx, Files.createTempDirectory("cluster-kill-burst"));
  }

  @AfterEach
  void stopAll() throws Exception {
    burst.close();
    if (topology != null) {
      topology.close();
    }
    vertx.close().await();
  }

  @Test
  void withReplicaAcksEveryAcknowledgedContactOutlivesItsShardsPrimary() throws Exception {
    FailoverBurst.Run run = burst.run(topology, topology.url(), 1);

    assertTrue(run.failover().replicationBytesLost() > 0,
        "the kill lost replication stream the replica never got (else nothing was at stake)");
    run.assertEveryAcknowledgedContactOnce();
  }

  /** The negative control: it passes whatever it lost, once the loss was counted. */
  @Test
  void withoutReplicaAcksTheSameFailoverLosesAcknowledgedContactsAndCountsThem() throws Exception {
    FailoverBurst.Run run = burst.run(topology, topology.url(), 0);

    assertEquals(CONTACTS, run.inbox().acknowledged(), "the burst ran to its end, every contact acknowledged");
  }
}
