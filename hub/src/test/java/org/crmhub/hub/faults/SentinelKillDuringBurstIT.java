package org.crmhub.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.crmhub.hub.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two packaged hubs on {@code redis-sentinel://} (primary, one replica, three Sentinels), a burst of
 * contacts on both, and in the middle of it the primary killed while its replica lags behind
 * ({@link LaggingReplicaFailover}). With {@code CRMHUB_REDIS_REPLICA_ACKS=1} every contact answered
 * 202 is in the inbox exactly once afterwards. The negative control runs the same failover with
 * replica acknowledgements off: it loses contacts the hubs had acknowledged, and it counts them
 * rather than failing on them (the count is why the setting exists). Both runs write their
 * figures to {@code target/fault-figures/SentinelKillDuringBurstIT.txt}.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SentinelKillDuringBurstIT {

  private static final int CONTACTS = 6_000;
  private static final int IN_FLIGHT = 32;
  /** The replica falls behind once this many contacts are acknowledged: the kill lands mid-burst. */
  private static final int LAG_FROM_ACKNOWLEDGED = CONTACTS / 6;
  private static final Duration REPLICA_ACK_TIMEOUT = Duration.ofMillis(500);
  private static final long FILING_TIMEOUT_MS = 180_000;

  private final Vertx vertx = Vertx.vertx();
  private final List<HubProcess> hubs = new ArrayList<>();
  private SentinelTopology topology;

  /** What one burst through the failover came to. */
  private record Run(LaggingReplicaFailover.Outcome failover, int refusedAttempts, InboxReconciliation inbox) {}

  @BeforeEach
  void startPrimaryReplicaAndSentinels() throws Exception {
    Assumptions.assumeTrue(RedisServerProcess.available(), "needs Debian's redis-server (.ci/run installs it)");
    topology = SentinelTopology.start(vertx, Files.createTempDirectory("sentinel-kill-burst"));
  }

  @AfterEach
  void stopAll() throws Exception {
    for (HubProcess hub : hubs) {
      hub.close();
    }
    if (topology != null) {
      topology.close();
    }
    vertx.close().await();
  }

  @Test
  void withReplicaAcksEveryAcknowledgedContactOutlivesThePrimary() throws Exception {
    Run run = burstThroughFailover(1);

    assertTrue(run.failover().killedMidBurst(), "the primary died while the burst was still sending");
    assertTrue(run.refusedAttempts() > 0, "the hubs refused contacts the lagging replica did not have");
    assertEquals(CONTACTS, run.inbox().acknowledged(), "every contact was acknowledged in the end");
    assertTrue(run.inbox().missing().isEmpty(), run.inbox().missing().size()
        + " acknowledged contacts are not in the inbox, e.g. " + run.inbox().someMissing());
    assertTrue(run.inbox().duplicated().isEmpty(), run.inbox().duplicated().size()
        + " contacts are in the inbox more than once, e.g. " + run.inbox().someDuplicated());
  }

  /** The negative control: it passes whatever it lost, once the loss was counted. */
  @Test
  void withoutReplicaAcksTheSameFailoverLosesAcknowledgedContactsAndCountsThem() throws Exception {
    Run run = burstThroughFailover(0);

    assertEquals(CONTACTS, run.inbox().acknowledged(), "the burst ran to its end, every contact acknowledged");
  }

  /**
   * Two hubs with {@code replicaAcks}, the burst alternating between them, the failover started
   * from inside the burst; returns once the hubs have filed everything the new primary has, with
   * the inbox held against what was acknowledged. The figures are recorded before any assertion.
   */
  private Run burstThroughFailover(int replicaAcks) throws Exception {
    Map<String, String> env = Map.of(
        "CRMHUB_REDIS_REPLICA_ACKS", Integer.toString(replicaAcks),
        "CRMHUB_REDIS_REPLICA_ACK_TIMEOUT_MS", Long.toString(REPLICA_ACK_TIMEOUT.toMillis()),
        // entries a hub held when its connection died are taken over by the other hub soon
        "CRMHUB_RECLAIM_IDLE_MS", "2000");
    HubProcess first = HubProcess.start(topology.url(), env);
    hubs.add(first);
    HubProcess second = HubProcess.start(topology.url(), env);
    hubs.add(second);

    String tag = "sentinel-kill-acks" + replicaAcks + "-" + System.nanoTime();
    AtomicInteger turn = new AtomicInteger();
    ContactBurst burst = new ContactBurst(vertx, tag, CONTACTS, IN_FLIGHT,
        () -> turn.getAndIncrement() % 2 == 0 ? first.port() : second.port());
    AtomicBoolean bursting = new AtomicBoolean(true);
    AtomicBoolean failoverStarted = new AtomicBoolean();
    Promise<LaggingReplicaFailover.Outcome> failover = Promise.promise();
    Future<Set<String>> sent = burst.run(acknowledged -> {
      if (acknowledged >= LAG_FROM_ACKNOWLEDGED && failoverStarted.compareAndSet(false, true)) {
        LaggingReplicaFailover.run(vertx, topology, bursting::get).onComplete(failover);
      }
    });
    sent.onComplete(done -> {
      bursting.set(false);
      if (failoverStarted.compareAndSet(false, true)) {
        failover.tryFail(new AssertionError("the burst ended before the failover started"));
      }
    });

    // a failover that goes wrong fails the run at once, not once the burst gives up retrying
    Future.all(sent, failover.future()).await();
    Set<String> acknowledged = sent.result();
    LaggingReplicaFailover.Outcome outcome = failover.future().result();
    IngestBacklog.drained(vertx, first.port(), FILING_TIMEOUT_MS).await();
    InboxCount inbox = new InboxCount(vertx, first.port());
    InboxReconciliation inboxed;
    try {
      inboxed = InboxReconciliation.of(acknowledged, inbox.occurrences(tag).await());
    } finally {
      inbox.close();
    }

    FaultFigures.named(getClass().getSimpleName())
        .with("replicaAcks", replicaAcks)
        .with("acknowledged", inboxed.acknowledged())
        .with("acknowledgedButLost", inboxed.missing().size())
        .with("inInboxMoreThanOnce", inboxed.duplicated().size())
        .with("refusedAttempts", burst.refusedAttempts())
        .with("timedOutAttempts", burst.timedOutAttempts())
        .with("killedMidBurst", outcome.killedMidBurst())
        .with("replicaFrozenMs", outcome.lagMs())
        .with("unsentReplicationBytesAtKill", outcome.unsentBytes())
        .with("replicationBytesLost", outcome.replicationBytesLost())
        .record();
    return new Run(outcome, burst.refusedAttempts(), inboxed);
  }
}
