package org.crmhub.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two packaged hubs on one Redis URL, a burst of contacts alternating between them, and in the
 * middle of it {@link LaggingReplicaFailover}: the primary killed while its replica lags. Returns
 * once the hubs have filed everything the promoted replica has, with the inbox held against what
 * was acknowledged, and records the figures ({@link FaultFigures}) before any assertion. Closing
 * it stops the hubs.
 */
final class FailoverBurst implements AutoCloseable {

  private static final int IN_FLIGHT = 32;
  private static final Duration REPLICA_ACK_TIMEOUT = Duration.ofMillis(500);
  private static final long FILING_TIMEOUT_MS = 180_000;

  /** What one burst through the failover came to. */
  record Run(int contacts, LaggingReplicaFailover.Outcome failover, int refusedAttempts, InboxReconciliation inbox) {

    /** What replica acknowledgements promise: the kill mid-burst lost nothing acknowledged, nor filed anything twice. */
    void assertEveryAcknowledgedContactOnce() {
      assertTrue(failover.killedMidBurst(), "the primary died while the burst was still sending");
      assertEquals(contacts, inbox.acknowledged(), "every contact was acknowledged in the end");
      assertTrue(inbox.missing().isEmpty(), inbox.missing().size()
          + " acknowledged contacts are not in the inbox, e.g. " + inbox.someMissing());
      assertTrue(inbox.duplicated().isEmpty(), inbox.duplicated().size()
          + " contacts are in the inbox more than once, e.g. " + inbox.someDuplicated());
    }
  }

  private final Vertx vertx;
  private final String figuresName;
  private final int contacts;
  private final long longestLagMs;
  private final int textChars;
  private final List<HubProcess> hubs = new CopyOnWriteArrayList<>();

  /**
   * @param figuresName the {@link FaultFigures} file the runs are recorded in
   * @param longestLagMs how long the replica lags at most before its primary dies
   */
  FailoverBurst(Vertx vertx, String figuresName, int contacts, long longestLagMs) {
    this(vertx, figuresName, contacts, longestLagMs, 0);
  }

  /** @param textChars each contact's text is padded to about this length ({@link ContactBurst}) */
  FailoverBurst(Vertx vertx, String figuresName, int contacts, long longestLagMs, int textChars) {
    this.vertx = vertx;
    this.figuresName = figuresName;
    this.contacts = contacts;
    this.longestLagMs = longestLagMs;
    this.textChars = textChars;
  }

  /**
   * Two hubs on {@code topology}'s URL with {@code replicaAcks}; the failover starts once a sixth
   * of the contacts are acknowledged, so that the kill lands mid-burst.
   */
  Run run(ReplicatedPrimary topology, int replicaAcks) {
    String redisUrl = topology.url();
    Map<String, String> env = Map.of(
        "CRMHUB_REDIS_REPLICA_ACKS", Integer.toString(replicaAcks),
        "CRMHUB_REDIS_REPLICA_ACK_TIMEOUT_MS", Long.toString(REPLICA_ACK_TIMEOUT.toMillis()),
        // entries a hub held when its connection died are taken over by the other hub soon
        "CRMHUB_RECLAIM_IDLE_MS", "2000");
    // started side by side (each spends seconds in its own JVM start); both have ended starting,
    // and are in the list to close, before a failure of either fails the run
    Future<HubProcess> starting = vertx.<HubProcess>executeBlocking(() -> HubProcess.start(redisUrl, env))
        .onSuccess(hubs::add);
    Future<HubProcess> startingToo = vertx.<HubProcess>executeBlocking(() -> HubProcess.start(redisUrl, env))
        .onSuccess(hubs::add);
    Future.join(starting, startingToo).await();
    HubProcess first = starting.result();
    HubProcess second = startingToo.result();

    String tag = figuresName.toLowerCase() + "-acks" + replicaAcks + "-" + System.nanoTime();
    AtomicInteger turn = new AtomicInteger();
    ContactBurst burst = new ContactBurst(vertx, tag, contacts, IN_FLIGHT,
        () -> turn.getAndIncrement() % 2 == 0 ? first.port() : second.port(), textChars);
    long burstStarted = System.currentTimeMillis();
    AtomicBoolean bursting = new AtomicBoolean(true);
    AtomicBoolean failoverStarted = new AtomicBoolean();
    Promise<LaggingReplicaFailover.Outcome> failover = Promise.promise();
    Future<Set<String>> sent = burst.run(acknowledged -> {
      if (acknowledged >= contacts / 6 && failoverStarted.compareAndSet(false, true)) {
        LaggingReplicaFailover.run(vertx, topology, longestLagMs, bursting::get).onComplete(failover);
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
    long burstEnded = System.currentTimeMillis();
    IngestBacklog.drained(vertx, first.port(), FILING_TIMEOUT_MS).await();
    long drained = System.currentTimeMillis();
    InboxCount inbox = new InboxCount(vertx, first.port());
    InboxReconciliation inboxed;
    try {
      inboxed = InboxReconciliation.of(acknowledged, inbox.occurrences(tag).await());
    } finally {
      inbox.close();
    }

    FaultFigures.named(figuresName)
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
        .with("burstAndFailoverMs", burstEnded - burstStarted)
        .with("filingAfterMs", drained - burstEnded)
        .record();
    return new Run(contacts, outcome, burst.refusedAttempts(), inboxed);
  }

  @Override
  public void close() throws InterruptedException {
    for (HubProcess hub : hubs) {
      hub.close();
    }
  }
}
