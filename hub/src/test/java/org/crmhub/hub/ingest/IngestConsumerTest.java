package org.crmhub.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.crmhub.connector.AcceptedContact;
import org.crmhub.connector.Channel;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityType;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.Sender;
import io.lettuce.core.RedisException;
import org.crmhub.hub.Ids;
import org.crmhub.hub.failure.NotReplicated;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.RedisWatchdog;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisPerClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ingest stream and consumer group against a real Redis: durable accept, retry of failed
 * attempts by reclaim, dead letters after too many, re-drive, and two consumers sharing a group.
 */
@ExtendWith(VertxExtension.class)
class IngestConsumerTest {

  private static final Duration RECLAIM_IDLE = Duration.ofMillis(300);
  private static final int MAX_DELIVERIES = 3;

  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();
  private Redis redis;
  private IngestKeys keys;
  private final List<IngestConsumer> consumers = new java.util.ArrayList<>();
  private RedisWatchdog watchdog;

  @BeforeEach
  void connect(Vertx vertx, VertxTestContext test) {
    Redis.connect(vertx, server.url())
        .compose(connected -> {
          redis = connected;
          watchdog = new RedisWatchdog(vertx, redis, Duration.ofSeconds(2));
          watchdog.start();
          return redis.call(c -> c.flushall());
        })
        .onComplete(test.succeedingThenComplete());
    keys = new IngestKeys(2);
  }

  @AfterEach
  void stop(VertxTestContext test) {
    watchdog.stop();
    Future.join(consumers.stream().map(IngestConsumer::stop).toList())
        .compose(v -> redis.shutdown())
        .onComplete(test.succeedingThenComplete());
    consumers.clear();
  }

  private IngestConsumer consumer(Vertx vertx, ContactProcessor processor) {
    return consumer(vertx, processor, RECLAIM_IDLE);
  }

  private IngestConsumer consumer(Vertx vertx, ContactProcessor processor, Duration reclaimIdle) {
    IngestConsumer consumer = new IngestConsumer(vertx, redis, keys, processor, new DeadLetters(redis, keys),
        reclaimIdle, MAX_DELIVERIES);
    consumers.add(consumer);
    return consumer;
  }

  private static InboundContact contact(String externalId) {
    return new InboundContact(Channel.API, externalId,
        new Sender(List.of(new Identity(IdentityType.EMAIL, externalId + "@example.com")), null),
        null, "hello", null, null, Instant.now(), new JsonObject());
  }

  @Test
  void acceptIsDurableAndDeduplicatedBeforeAnyConsumerRuns(Vertx vertx, VertxTestContext test) {
    RedisIngest ingest = new RedisIngest(redis, keys, watchdog);
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    ingest.accept(contact("a"))
        .compose(first -> ingest.accept(contact("a")).map(second -> {
          test.verify(() -> {
            assertFalse(first.duplicate());
            assertTrue(second.duplicate());
            assertEquals(first.contactId(), second.contactId());
          });
          return first;
        }))
        .compose(first -> consumer(vertx, (id, contact) -> {
          seen.merge(id, 1, Integer::sum);
          return Future.succeededFuture();
        }).start().map(first))
        .compose(first -> Eventually.holds(vertx, 5_000, "the queued contact is processed",
            () -> Future.succeededFuture(seen.containsKey(first.contactId()))).map(first))
        .onComplete(test.succeeding(first -> test.verify(() -> {
          assertEquals(Map.of(first.contactId(), 1), seen);
          test.completeNow();
        })));
  }

  @Test
  void aFailedAttemptIsRetriedAndAcknowledgedOnlyOnSuccess(Vertx vertx, VertxTestContext test) {
    AtomicInteger attempts = new AtomicInteger();
    Set<String> done = ConcurrentHashMap.newKeySet();
    IngestConsumer consumer = consumer(vertx, (id, contact) -> {
      if (attempts.incrementAndGet() < 3) {
        return Future.failedFuture(new IllegalStateException("simulated crash before ack"));
      }
      done.add(id);
      return Future.succeededFuture();
    });
    consumer.start()
        .compose(v -> new RedisIngest(redis, keys, watchdog).accept(contact("flaky")))
        .compose(accepted -> Eventually.holds(vertx, 10_000, "the contact succeeds on a retry",
            () -> Future.succeededFuture(done.contains(accepted.contactId()))))
        .compose(v -> pendingCount())
        .onComplete(test.succeeding(pending -> test.verify(() -> {
          assertEquals(3, attempts.get());
          assertEquals(0L, pending, "acknowledged after success");
          test.completeNow();
        })));
  }

  @Test
  void aContactThatFailsOnlyWhileStorageIsUnavailableIsFiledNotBuried(Vertx vertx, VertxTestContext test) {
    // a failover and the replica's resync outlast the deliveries: storage failures all along
    int unavailableAttempts = MAX_DELIVERIES + 2;
    AtomicInteger attempts = new AtomicInteger();
    Set<String> done = ConcurrentHashMap.newKeySet();
    DeadLetters deadLetters = new DeadLetters(redis, keys);
    consumer(vertx, (id, contact) -> {
      if (attempts.incrementAndGet() <= unavailableAttempts) {
        return Future.failedFuture(attempts.get() % 2 == 0
            ? new RedisException("simulated failover: primary unreachable")
            : new NotReplicated("simulated resync: 0 of 1 replica(s) confirmed"));
      }
      done.add(id);
      return Future.succeededFuture();
    }).start()
        .compose(v -> new RedisIngest(redis, keys, watchdog).accept(contact("through-failover")))
        .compose(accepted -> Eventually.holds(vertx, 10_000, "the contact is filed once storage is back",
            () -> Future.succeededFuture(done.contains(accepted.contactId()))))
        .compose(v -> deadLetters.list(10))
        .compose(buried -> pendingCount().map(pending -> {
          test.verify(() -> {
            assertTrue(buried.isEmpty(), "nothing buried: " + buried.encode());
            assertEquals(unavailableAttempts + 1, attempts.get());
            assertEquals(0L, pending, "acknowledged once filed");
          });
          return null;
        }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aContactThatAlwaysFailsGoesToDeadLettersAndCanBeRedriven(Vertx vertx, VertxTestContext test) {
    AtomicInteger attempts = new AtomicInteger();
    Set<String> processedAfterFix = ConcurrentHashMap.newKeySet();
    boolean[] fixed = {false};
    DeadLetters deadLetters = new DeadLetters(redis, keys);
    consumer(vertx, (id, contact) -> {
      if (!fixed[0]) {
        attempts.incrementAndGet();
        return Future.failedFuture(new IllegalStateException("poison"));
      }
      processedAfterFix.add(id);
      return Future.succeededFuture();
    }).start()
        .compose(v -> new RedisIngest(redis, keys, watchdog).accept(contact("poison")))
        .compose(accepted -> Eventually.holds(vertx, 10_000, "the contact is dead-lettered",
                () -> deadLetters.list(10).map(items -> items.size() == 1))
            .compose(v -> deadLetters.list(10))
            .compose(items -> {
              JsonObject dead = items.getJsonObject(0);
              test.verify(() -> {
                assertEquals(accepted.contactId(), dead.getString("contactId"));
                assertTrue(dead.getString("error").contains("poison"), dead.encode());
                // the deliveries, then one last attempt before burying
                assertEquals(MAX_DELIVERIES + 1, attempts.get());
                assertEquals("poison", dead.getJsonObject("contact").getString("externalId"));
              });
              fixed[0] = true;
              return deadLetters.redrive(dead.getString("id"));
            })
            .compose(redriven -> Eventually.holds(vertx, 10_000, "the re-driven contact is processed",
                () -> Future.succeededFuture(processedAfterFix.contains(accepted.contactId()))))
            .compose(v -> deadLetters.list(10)))
        .onComplete(test.succeeding(left -> test.verify(() -> {
          assertTrue(left.isEmpty());
          test.completeNow();
        })));
  }

  @Test
  void anUnreadableEntryIsDeadLetteredAtOnce(Vertx vertx, VertxTestContext test) {
    DeadLetters deadLetters = new DeadLetters(redis, keys);
    consumer(vertx, (id, contact) -> Future.succeededFuture()).start()
        .compose(v -> redis.call(c -> c.xadd(keys.stream(0), Map.of("contactId", "ct_bad", "contact", "{not json"))))
        .compose(v -> Eventually.holds(vertx, 5_000, "the entry is dead-lettered",
            () -> deadLetters.list(10).map(items -> items.size() == 1)))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void twoConsumersShareTheWorkAndProcessEachContactOnce(Vertx vertx, VertxTestContext test) {
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    ContactProcessor counting = (id, contact) -> {
      seen.merge(id, 1, Integer::sum);
      return Future.succeededFuture();
    };
    // reclaim only after a long idle: this test is about sharing new entries, not taking over
    IngestConsumer first = consumer(vertx, counting, Duration.ofSeconds(5));
    IngestConsumer second = consumer(vertx, counting, Duration.ofSeconds(5));
    RedisIngest ingest = new RedisIngest(redis, keys, watchdog);
    int total = 300;
    Future.all(first.start(), second.start())
        .compose(v -> {
          List<Future<AcceptedContact>> all = new java.util.ArrayList<>();
          for (int i = 0; i < total; i++) {
            all.add(ingest.accept(contact("c" + i + "-" + Ids.randomToken(4))));
          }
          return Future.all(all);
        })
        .compose(v -> Eventually.holds(vertx, 15_000, "all contacts are processed and acknowledged",
            () -> Future.succeededFuture(first.processedCount() + second.processedCount() >= total)))
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertEquals(total, seen.size());
          assertTrue(seen.values().stream().allMatch(count -> count == 1), "each exactly once");
          assertEquals(total, first.processedCount() + second.processedCount());
          test.completeNow();
        })));
  }

  private Future<Long> pendingCount() {
    Future<Long> zero = redis.call(c -> c.xpending(keys.stream(0), IngestKeys.CONSUMER_GROUP))
        .map(summary -> summary.getCount());
    Future<Long> one = redis.call(c -> c.xpending(keys.stream(1), IngestKeys.CONSUMER_GROUP))
        .map(summary -> summary.getCount());
    return Future.all(zero, one).map(both -> zero.result() + one.result());
  }
}
