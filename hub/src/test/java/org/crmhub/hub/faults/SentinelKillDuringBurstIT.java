package org.crmhub.hub.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.crmhub.hub.testing.RedisServerProcess;
import org.junit.jupiter.api.Assumptions;

/**
 * {@link KillDuringFailoverContract} on {@code redis-sentinel://}: a primary, one replica and three
 * Sentinels, two hubs. Figures in {@code target/fault-figures/SentinelKillDuringBurstIT.txt}.
 */
class SentinelKillDuringBurstIT extends KillDuringFailoverContract {

  SentinelKillDuringBurstIT() {
    super(6_000, 10_000, 0);
  }

  @Override
  ReplicatedPrimary start(Path dir) throws Exception {
    Assumptions.assumeTrue(RedisServerProcess.available(), "needs Debian's redis-server (.ci/run installs it)");
    return SentinelTopology.start(vertx, dir);
  }

  /** All the hubs write goes to the one primary: with its replica frozen, they refuse contacts. */
  @Override
  void assertSomethingWasAtStake(FailoverBurst.Run run) {
    assertTrue(run.refusedAttempts() > 0, "the hubs refused contacts the lagging replica did not have");
  }
}
