package org.crmhub.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisServerProcess;
import org.crmhub.hub.testing.Signals;
import org.crmhub.hub.testing.TestDirectories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults with real processes on loopback: the packaged hub as child processes over Debian's
 * redis-server (AOF, appendfsync always), killed with SIGKILL in the middle of a burst. The claim
 * under test: every contact answered 202 is in the inbox exactly once after recovery.
 */
@ExtendWith(VertxExtension.class)
class KillDuringBurstIT {

  private RedisServerProcess redis;
  private final List<HubProcess> hubs = new java.util.ArrayList<>();

  @BeforeEach
  void startRedis() throws Exception {
    Assumptions.assumeTrue(RedisServerProcess.available(),
        "fault tests need Debian's redis-server (.ci/run installs it)");
    redis = RedisServerProcess.start(TestDirectories.create("fault-redis"), false);
  }

  @AfterEach
  void stopAll() throws Exception {
    for (HubProcess hub : hubs) {
      hub.close();
    }
    hubs.clear();
    redis.close();
  }

  @Test
  @Timeout(value = 5, timeUnit = TimeUnit.MINUTES)
  void oneOfTwoHubsKilledMidBurstLosesNoAcknowledgedContact(Vertx vertx, VertxTestContext test) throws Exception {
    // a dead hub's unacknowledged entries are taken over after two seconds
    Map<String, String> env = Map.of("CRMHUB_RECLAIM_IDLE_MS", "2000");
    HubProcess doomed = HubProcess.start(redis.url(), env);
    HubProcess survivor = HubProcess.start(redis.url(), env);
    hubs.addAll(List.of(doomed, survivor));
    int contacts = 10_000;
    String tag = "kill-hub-" + System.nanoTime();
    AtomicInteger turn = new AtomicInteger();
    AtomicBoolean killed = new AtomicBoolean();
    ContactBurst burst = new ContactBurst(vertx, tag, contacts, 32,
        () -> doomed.alive() && turn.getAndIncrement() % 2 == 0 ? doomed.port() : survivor.port());

    burst.run(acknowledged -> {
          if (acknowledged >= contacts * 4 / 10 && killed.compareAndSet(false, true)) {
            killQuietly(doomed);
          }
        })
        .compose(acknowledged -> settle(vertx, survivor, tag, acknowledged))
        .onComplete(test.succeeding(acknowledged -> test.verify(() -> {
          assertTrue(killed.get(), "the hub was killed during the burst");
          assertEquals(contacts, acknowledged.size(), "every contact was acknowledged in the end");
          test.completeNow();
        })));
  }

  @Test
  @Timeout(value = 5, timeUnit = TimeUnit.MINUTES)
  void redisKilledMidBurstAndRestartedLosesNoAcknowledgedContact(Vertx vertx, VertxTestContext test) throws Exception {
    HubProcess hub = HubProcess.start(redis.url(), Map.of("CRMHUB_RECLAIM_IDLE_MS", "2000"));
    hubs.add(hub);
    int contacts = 3_000;
    String tag = "kill-redis-" + System.nanoTime();
    AtomicBoolean killed = new AtomicBoolean();
    ContactBurst burst = new ContactBurst(vertx, tag, contacts, 32, hub::port);

    burst.run(acknowledged -> {
          if (acknowledged >= contacts / 3 && killed.compareAndSet(false, true)) {
            killRedisAndRestartLater(vertx);
          }
        })
        .compose(acknowledged -> settle(vertx, hub, tag, acknowledged))
        .onComplete(test.succeeding(acknowledged -> test.verify(() -> {
          assertTrue(killed.get(), "Redis was killed during the burst");
          assertTrue(burst.refusedAttempts() > 0, "the hub refused contacts while Redis was down");
          assertEquals(contacts, acknowledged.size(), "every contact was acknowledged in the end");
          test.completeNow();
        })));
  }

  @Test
  @Timeout(value = 5, timeUnit = TimeUnit.MINUTES)
  void redisFrozenForFiveSecondsMeansFastRefusalsThenRecoveryWithoutDuplicates(Vertx vertx, VertxTestContext test)
      throws Exception {
    HubProcess hub = HubProcess.start(redis.url(), Map.of("CRMHUB_RECLAIM_IDLE_MS", "2000"));
    hubs.add(hub);
    int contacts = 2_000;
    String tag = "freeze-redis-" + System.nanoTime();
    AtomicBoolean frozen = new AtomicBoolean();
    AtomicInteger readinessWhileFrozen = new AtomicInteger();
    ContactBurst burst = new ContactBurst(vertx, tag, contacts, 32, hub::port);
    WebClient probe = WebClient.create(vertx);

    burst.run(acknowledged -> {
          if (acknowledged >= contacts / 4 && frozen.compareAndSet(false, true)) {
            Signals.send("STOP", redis.pid());
            // a load balancer's probe midway through the freeze: an answer, and the right one
            vertx.setTimer(3_000, id -> readiness(probe, hub).onComplete(status ->
                readinessWhileFrozen.set(status.succeeded() ? status.result() : -1)));
            vertx.setTimer(5_000, id -> Signals.send("CONT", redis.pid()));
          }
        })
        .compose(acknowledged -> settle(vertx, hub, tag, acknowledged))
        .compose(acknowledged -> readiness(probe, hub).map(readyAfter -> {
          assertEquals(200, readyAfter, "ready again once Redis answers");
          return acknowledged;
        }))
        .onComplete(test.succeeding(acknowledged -> test.verify(() -> {
          assertTrue(frozen.get(), "Redis was frozen during the burst");
          assertEquals(503, readinessWhileFrozen.get(), "not ready while Redis was frozen, said within the probe's timeout");
          assertTrue(burst.refusedAttempts() > 0, "the hub answered 503 while Redis was frozen");
          assertEquals(0, burst.timedOutAttempts(), "no request hung until the client gave up");
          assertEquals(contacts, acknowledged.size(), "every contact was acknowledged in the end");
          List<String> blocked = hub.warnings().stream().filter(line -> line.contains("has been blocked")).toList();
          assertTrue(blocked.isEmpty(), "no Vert.x thread was blocked: " + blocked);
          test.completeNow();
        })));
  }

  /** The status of {@code /health/ready}; fails when the hub does not answer within 1.5 s. */
  private static Future<Integer> readiness(WebClient client, HubProcess hub) {
    return client.get(hub.port(), "127.0.0.1", "/health/ready").timeout(1_500).send()
        .map(response -> response.statusCode());
  }

  /** Waits until the hub has filed every acknowledged contact, then checks each is there once. */
  private static Future<Set<String>> settle(Vertx vertx, HubProcess hub, String tag, Set<String> acknowledged) {
    InboxCount inbox = new InboxCount(vertx, hub.port());
    return Eventually.holds(vertx, 180_000, "every acknowledged contact is filed",
            () -> inbox.total(tag).map(total -> total >= acknowledged.size()))
        .compose(v -> inbox.occurrences(tag))
        .map(occurrences -> {
          InboxReconciliation inboxed = InboxReconciliation.of(acknowledged, occurrences);
          assertTrue(inboxed.missing().isEmpty(), "acknowledged but not in the inbox: " + inboxed.someMissing());
          assertTrue(inboxed.duplicated().isEmpty(), "in the inbox more than once: " + inboxed.someDuplicated());
          return acknowledged;
        })
        .eventually(() -> {
          inbox.close();
          return Future.succeededFuture();
        });
  }

  private void killRedisAndRestartLater(Vertx vertx) {
    vertx.executeBlocking(() -> {
      redis.kill();
      return null;
    }).compose(v -> {
      Promise<Void> later = Promise.promise();
      vertx.setTimer(1_500, id -> later.complete());
      return later.future();
    }).compose(v -> vertx.executeBlocking(() -> {
      redis.restart();
      return null;
    }));
  }

  private static void killQuietly(HubProcess hub) {
    try {
      hub.kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
