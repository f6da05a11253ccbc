package org.crmhub.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.crmhub.hub.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two packaged hubs on {@code redis-sentinel://} (primary, one replica, three Sentinels), a burst of
 * contacts on both, and in the middle of it the primary killed while its replica lags behind
 * ({@link FailoverBurst}, {@link LaggingReplicaFailover}). With {@code CRMHUB_REDIS_REPLICA_ACKS=1}
 * every contact answered 202 is in the inbox exactly once afterwards. The negative control runs
 * the same failover with replica acknowledgements off: it loses contacts the hubs had
 * acknowledged, and it counts them rather than failing on them (the count is why the setting
 * exists). Both runs write their figures to {@code target/fault-figures/SentinelKillDuringBurstIT.txt}.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SentinelKillDuringBurstIT {

  private static final int CONTACTS = 6_000;
  private static final long LONGEST_LAG_MS = 10_000;

  private final Vertx vertx = Vertx.vertx();
  private final FailoverBurst burst = new FailoverBurst(vertx, getClass().getSimpleName(), CONTACTS, LONGEST_LAG_MS);
  private SentinelTopology topology;

  @BeforeEach
  void startPrimaryReplicaAndSentinels() throws Exception {
    Assumptions.assumeTrue(RedisServerProcess.available(), "needs Debian's redis-server (.ci/run installs it)");
    topology = SentinelTopology.start(vertx, Files.createTempDirectory("sentinel-kill-burst"));
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
  void withReplicaAcksEveryAcknowledgedContactOutlivesThePrimary() throws Exception {
    FailoverBurst.Run run = burst.run(topology, topology.url(), 1);

    run.assertEveryAcknowledgedContactOnce();
    assertTrue(run.refusedAttempts() > 0, "the hubs refused contacts the lagging replica did not have");
  }

  /** The negative control: it passes whatever it lost, once the loss was counted. */
  @Test
  void withoutReplicaAcksTheSameFailoverLosesAcknowledgedContactsAndCountsThem() throws Exception {
    FailoverBurst.Run run = burst.run(topology, topology.url(), 0);

    assertEquals(CONTACTS, run.inbox().acknowledged(), "the burst ran to its end, every contact acknowledged");
  }
}
