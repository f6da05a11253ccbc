package org.crmhub.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.crmhub.hub.testing.TestDirectories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The primary killed mid-burst while its replica lags ({@link FailoverBurst}), as a contract run
 * against each way of replicating Redis the hub supports, one subclass each. With
 * {@code CRMHUB_REDIS_REPLICA_ACKS=1} every contact answered 202 is in the inbox exactly once
 * afterwards. The negative control runs the same failover with replica acknowledgements off: it
 * loses contacts the hubs had acknowledged, and it counts them rather than failing on them (the
 * count is why the setting exists). Both runs write their figures to
 * {@code target/fault-figures/<subclass>.txt}.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
abstract class KillDuringFailoverContract {

  protected final Vertx vertx = Vertx.vertx();
  private final int contacts;
  private final FailoverBurst burst;
  private ReplicatedPrimary topology;

  /** As {@link FailoverBurst#FailoverBurst(Vertx, String, int, long, int)}. */
  KillDuringFailoverContract(int contacts, long longestLagMs, int textChars) {
    this.contacts = contacts;
    this.burst = new FailoverBurst(vertx, getClass().getSimpleName(), contacts, longestLagMs, textChars);
  }

  /** Starts the primary, its replica and whatever promotes it under {@code dir}; blocks until a failover could happen. */
  abstract ReplicatedPrimary start(Path dir) throws Exception;

  /** Fails when the run put nothing at stake, so that losing nothing would prove nothing. */
  abstract void assertSomethingWasAtStake(FailoverBurst.Run run);

  @BeforeEach
  void startReplicatedPrimary() throws Exception {
    topology = start(TestDirectories.create(getClass().getSimpleName()));
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
  void withReplicaAcksEveryAcknowledgedContactOutlivesThePrimary() {
    FailoverBurst.Run run = burst.run(topology, 1);

    assertSomethingWasAtStake(run);
    run.assertEveryAcknowledgedContactOnce();
  }

  /** The negative control: it passes whatever it lost, once the loss was counted. */
  @Test
  void withoutReplicaAcksTheSameFailoverLosesAcknowledgedContactsAndCountsThem() {
    FailoverBurst.Run run = burst.run(topology, 0);

    assertEquals(contacts, run.inbox().acknowledged(), "the burst ran to its end, every contact acknowledged");
  }
}
