package org.crmhub.hub.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.crmhub.connector.LeasedPoller;
import org.crmhub.connector.Leases;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisPerClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Leases and the leased poll loop against a real Redis: one holder at a time, renewal, take-over
 * when the holder stops or dies, back-off after failures, health reports.
 */
@ExtendWith(VertxExtension.class)
class LeasedPollingTest {

  private static final Duration TTL = Duration.ofSeconds(1);
  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();
  private Redis redis;
  private final List<LeasedPoller> pollers = new ArrayList<>();

  @BeforeEach
  void connect(Vertx vertx, VertxTestContext test) {
    Redis.connect(vertx, server.url())
        .compose(connected -> {
          redis = connected;
          return redis.call(c -> c.flushall());
        })
        .onComplete(test.succeedingThenComplete());
  }

  @AfterEach
  void stop(VertxTestContext test) {
    Future.join(pollers.stream().map(LeasedPoller::stop).toList())
        .eventually(() -> redis.shutdown())
        .onComplete(test.succeedingThenComplete());
    pollers.clear();
  }

  @Test
  void oneHolderAtATimeAndOnlyTheHolderRenewsOrReleases(VertxTestContext test) {
    RedisLeases first = new RedisLeases(redis, "hub-a");
    RedisLeases second = new RedisLeases(redis, "hub-b");
    first.acquire("mailbox", TTL)
        .compose(held -> {
          test.verify(() -> assertTrue(held, "a free lease is taken"));
          return second.acquire("mailbox", TTL);
        })
        .compose(held -> {
          test.verify(() -> assertFalse(held, "a held lease is refused to another hub"));
          return first.acquire("mailbox", TTL);
        })
        .compose(renewed -> {
          test.verify(() -> assertTrue(renewed, "the holder renews"));
          return second.release("mailbox");
        })
        .compose(v -> second.acquire("mailbox", TTL))
        .compose(held -> {
          test.verify(() -> assertFalse(held, "another hub's release does not free it"));
          return first.release("mailbox");
        })
        .compose(v -> second.acquire("mailbox", TTL))
        .onComplete(test.succeeding(held -> test.verify(() -> {
          assertTrue(held, "released by its holder, it is free");
          test.completeNow();
        })));
  }

  @Test
  void onlyTheLeaseHolderPollsAndAnotherTakesOverWhenItStops(Vertx vertx, VertxTestContext test) {
    AtomicInteger passesA = new AtomicInteger();
    AtomicInteger passesB = new AtomicInteger();
    ChannelHealthStore health = new ChannelHealthStore(redis);
    LeasedPoller a = poller(vertx, "hub-a", health, () -> {
      passesA.incrementAndGet();
      return Future.succeededFuture(Duration.ofMillis(20));
    });
    LeasedPoller b = poller(vertx, "hub-b", health, () -> {
      passesB.incrementAndGet();
      return Future.succeededFuture(Duration.ofMillis(20));
    });
    a.start();
    Eventually.holds(vertx, 5_000, "hub A polls", () -> Future.succeededFuture(passesA.get() >= 3))
        .compose(v -> {
          b.start();
          return Eventually.holds(vertx, 5_000, "A polls on while B waits",
              () -> Future.succeededFuture(passesA.get() >= 20));
        })
        .compose(v -> {
          test.verify(() -> assertEquals(0, passesB.get(), "B never polled while A held the lease"));
          return a.stop();
        })
        .compose(v -> Eventually.holds(vertx, 5_000, "B takes over", () -> Future.succeededFuture(passesB.get() >= 3)))
        .compose(v -> health.all())
        .onComplete(test.succeeding(entries -> test.verify(() -> {
          JsonObject entry = entries.stream().filter(e -> "test-source".equals(e.getString("source"))).findFirst()
              .orElseThrow();
          assertEquals("test", entry.getString("connector"));
          assertTrue(entry.containsKey("lastSuccessAt"));
          test.completeNow();
        })));
  }

  @Test
  void aHolderThatDiesWithoutReleasingIsReplacedWithinTheLeaseTime(Vertx vertx, VertxTestContext test) {
    AtomicInteger passesB = new AtomicInteger();
    // hub A took the lease and died: nobody renews it
    new RedisLeases(redis, "hub-a").acquire("test-source", TTL)
        .onComplete(test.succeeding(held -> {
          long diedAt = System.currentTimeMillis();
          poller(vertx, "hub-b", new ChannelHealthStore(redis), () -> {
            passesB.incrementAndGet();
            return Future.succeededFuture();
          }).start();
          Eventually.holds(vertx, 5_000, "B takes over", () -> Future.succeededFuture(passesB.get() >= 1))
              .onComplete(test.succeeding(v -> test.verify(() -> {
                long tookOverAfter = System.currentTimeMillis() - diedAt;
                assertTrue(tookOverAfter >= TTL.toMillis() - 100, "not before the lease lapsed: " + tookOverAfter);
                assertTrue(tookOverAfter < 3 * TTL.toMillis(), "within a lease time or so: " + tookOverAfter);
                test.completeNow();
              })));
        }));
  }

  @Test
  void aHolderWhoseRenewalsGoUnansweredStopsHoldingOnceTheLeaseRunsOutByItsClock(Vertx vertx, VertxTestContext test) {
    AtomicInteger asked = new AtomicInteger();
    // the first acquire is answered, every renewal after it hangs, as with a frozen Redis
    Leases renewalsHang = new Leases() {
      @Override
      public Future<Boolean> acquire(String name, Duration ttl) {
        return asked.getAndIncrement() == 0 ? Future.succeededFuture(true) : Promise.<Boolean>promise().future();
      }

      @Override
      public Future<Void> release(String name) {
        return Future.succeededFuture();
      }
    };
    Promise<Duration> longPass = Promise.promise();
    long[] passStartedAt = {0};
    LeasedPoller poller = new LeasedPoller(vertx, renewalsHang, new ChannelHealthStore(redis).reporter("test"),
        "test-source", Duration.ofMillis(50), TTL, Duration.ofSeconds(2), () -> {
          passStartedAt[0] = System.currentTimeMillis();
          return longPass.future();
        });
    pollers.add(poller);
    poller.start();
    Eventually.holds(vertx, 5_000, "the pass runs while holding", () -> Future.succeededFuture(passStartedAt[0] > 0))
        .compose(v -> {
          test.verify(() -> assertTrue(poller.holding()));
          return Eventually.holds(vertx, 5_000, "no longer holding", () -> Future.succeededFuture(!poller.holding()));
        })
        .onComplete(test.succeeding(v -> test.verify(() -> {
          long heldFor = System.currentTimeMillis() - passStartedAt[0];
          assertTrue(heldFor >= TTL.toMillis() - 200 && heldFor < 3 * TTL.toMillis(),
              "held for about the lease time: " + heldFor + " ms");
          assertTrue(asked.get() >= 2, "renewals were asked for");
          longPass.complete(Duration.ofSeconds(1));
          test.completeNow();
        })));
  }

  @Test
  void failingPassesBackOffAndReportTheError(Vertx vertx, VertxTestContext test) {
    List<Long> attempts = new ArrayList<>();
    ChannelHealthStore health = new ChannelHealthStore(redis);
    poller(vertx, "hub-a", health, () -> {
      attempts.add(System.currentTimeMillis());
      return Future.failedFuture("mailbox refused the login");
    }).start();
    Eventually.holds(vertx, 5_000, "four attempts", () -> Future.succeededFuture(attempts.size() >= 4))
        .compose(v -> health.all())
        .onComplete(test.succeeding(entries -> test.verify(() -> {
          // interval 50 ms doubled each time: 50, 100, 200 between attempts 1..4
          long thirdGap = attempts.get(3) - attempts.get(2);
          long firstGap = attempts.get(1) - attempts.get(0);
          assertTrue(thirdGap >= 180, "the gap grows: " + firstGap + " then " + thirdGap);
          JsonObject entry = entries.get(0);
          assertEquals("mailbox refused the login", entry.getString("lastError"));
          assertTrue(entry.containsKey("lastErrorAt"));
          test.completeNow();
        })));
  }

  private LeasedPoller poller(Vertx vertx, String hubId, ChannelHealthStore health,
      java.util.function.Supplier<Future<Duration>> pass) {
    LeasedPoller poller = new LeasedPoller(vertx, new RedisLeases(redis, hubId), health.reporter("test"),
        "test-source", Duration.ofMillis(50), TTL, Duration.ofSeconds(2), pass);
    pollers.add(poller);
    return poller;
  }
}
