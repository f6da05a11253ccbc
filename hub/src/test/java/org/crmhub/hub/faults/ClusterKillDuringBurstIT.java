package org.crmhub.hub.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.crmhub.hub.testing.RedisClusterProcesses;
import org.junit.jupiter.api.Assumptions;

/**
 * {@link KillDuringFailoverContract} on {@code redis-cluster://}: three primaries with one replica
 * each, two hubs, and the primary killed is the one serving an ingest partition, the domain
 * events and a third of the customers and conversations ({@link ClusterTopology}). The cluster
 * promotes the replica and the hubs find it by refreshing their slot map. With replica
 * acknowledgements every contact answered 202 is in the inbox exactly once afterwards, although
 * the consumer group's deliveries and acknowledgements on that shard, and records filed there from
 * contacts of the other partition, were lost with the old primary. Figures in
 * {@code target/fault-figures/ClusterKillDuringBurstIT.txt}.
 */
class ClusterKillDuringBurstIT extends KillDuringFailoverContract {

  /**
   * The shard's replication stream fits in loopback socket buffers for long (the primary's own
   * buffer for the replica barely grows, so the time limit decides); a longer text per contact
   * fills them sooner, so that the kill loses stream the replica never got.
   */
  ClusterKillDuringBurstIT() {
    super(2_000, 8_000, 1_500);
  }

  @Override
  ReplicatedPrimary start(Path dir) throws Exception {
    Assumptions.assumeTrue(RedisClusterProcesses.available(),
        "needs Debian's redis-server and redis-cli (.ci/run installs them)");
    return ClusterTopology.start(vertx, dir);
  }

  /** Refusals prove little here (one shard of three lags): the kill must have lost stream. */
  @Override
  void assertSomethingWasAtStake(FailoverBurst.Run run) {
    assertTrue(run.failover().replicationBytesLost() > 0,
        "the kill lost replication stream the replica never got (else nothing was at stake)");
  }
}
