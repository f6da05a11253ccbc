package org.crmhub.hub.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.Consumer;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisPerClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one consumer-group worker every stream reader uses, against a real Redis: the bound on
 * entries in hand, reading again as soon as one finishes, taking over what a dead consumer left
 * pending, and giving up after too many deliveries.
 */
@ExtendWith(VertxExtension.class)
class StreamWorkerTest {

  private static final String STREAM = "{test}:work";
  private static final String GROUP = "workers";
  private static final Duration RECLAIM_IDLE = Duration.ofMillis(300);

  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();
  private Redis redis;
  private final List<StreamWorker> workers = new ArrayList<>();

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
    Future.join(workers.stream().map(StreamWorker::stop).toList())
        .compose(v -> redis.shutdown())
        .onComplete(test.succeedingThenComplete());
    workers.clear();
  }

  private StreamWorker worker(Vertx vertx, String consumer, int maxInFlight, int maxDeliveries,
      StreamWorker.Handler handler) {
    StreamWorker worker = new StreamWorker(vertx, redis, new StreamWorker.Settings(STREAM, GROUP, consumer,
        maxInFlight, Duration.ofMillis(200), RECLAIM_IDLE, maxDeliveries, true), handler);
    workers.add(worker);
    return worker;
  }

  private Future<Void> append(int count) {
    List<Future<String>> appended = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      appended.add(Streams.append(redis, STREAM, Map.of("n", Integer.toString(i))));
    }
    return Future.all(appended).mapEmpty();
  }

  /** Hands each entry to the test, which decides when its handling ends. */
  private static final class HeldEntries implements StreamWorker.Handler {
    /** Added to on the worker's event loop while the test completes them on its own. */
    final List<Promise<Void>> held = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    int inHand;

    @Override
    public List<Future<Void>> handle(List<StreamEntry> entries) {
      List<Future<Void>> futures = new ArrayList<>();
      for (StreamEntry entry : entries) {
        Promise<Void> done = Promise.promise();
        held.add(done);
        inHand++;
        mostAtOnce.accumulateAndGet(inHand, Math::max);
        futures.add(done.future().onComplete(finished -> inHand--));
      }
      return futures;
    }

    @Override
    public Future<Void> giveUp(StreamEntry entry, long deliveries) {
      return Future.failedFuture("not expected");
    }
  }

  @Test
  void neverHoldsMoreThanItsBoundAndReadsAgainAsSoonAsOneFinishes(Vertx vertx, VertxTestContext test) {
    HeldEntries handler = new HeldEntries();
    StreamWorker worker = worker(vertx, "c1", 4, 3, handler);
    append(10)
        .compose(v -> worker.start())
        .compose(v -> Eventually.holds(vertx, 5_000, "four entries are in hand",
            () -> Future.succeededFuture(handler.held.size() == 4)))
        // finishing one lets exactly one more in, long before the other three finish
        .compose(v -> {
          handler.held.get(0).complete();
          return Eventually.holds(vertx, 5_000, "a fifth entry is taken",
              () -> Future.succeededFuture(handler.held.size() == 5));
        })
        .compose(v -> {
          // release everything as it arrives until all ten are done
          return Eventually.holds(vertx, 10_000, "all ten are handled", () -> {
            handler.held.forEach(promise -> promise.tryComplete());
            return redis.call(c -> c.xlen(STREAM)).map(length -> length == 0 && handler.held.size() == 10);
          });
        })
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertEquals(4, handler.mostAtOnce.get(), "the bound, reached and never passed");
          test.completeNow();
        })));
  }

  @Test
  void entriesADeadConsumerLeftPendingAreTakenOverOnceAndAcknowledged(Vertx vertx, VertxTestContext test) {
    Map<String, Integer> handled = new ConcurrentHashMap<>();
    StreamWorker.Handler counting = new StreamWorker.Handler() {
      @Override
      public List<Future<Void>> handle(List<StreamEntry> entries) {
        entries.forEach(entry -> handled.merge(entry.field("n"), 1, Integer::sum));
        return entries.stream().map(entry -> Future.<Void>succeededFuture()).toList();
      }

      @Override
      public Future<Void> giveUp(StreamEntry entry, long deliveries) {
        return Future.failedFuture("not expected");
      }
    };
    int total = 20;
    // a consumer that read every entry and died before acknowledging any: what kill -9 leaves
    Streams.ensureGroup(redis, STREAM, GROUP)
        .compose(v -> append(total))
        .compose(v -> redis.call(c -> c.xreadgroup(Consumer.from(GROUP, "dead"), XReadArgs.Builder.count(total),
            StreamOffset.lastConsumed(STREAM))))
        .compose(read -> {
          test.verify(() -> assertEquals(total, read.size()));
          return Future.all(worker(vertx, "c1", 8, 5, counting).start(), worker(vertx, "c2", 8, 5, counting).start());
        })
        .compose(v -> Eventually.holds(vertx, 10_000, "every entry is taken over and acknowledged",
            () -> redis.call(c -> c.xpending(STREAM, GROUP)).map(summary -> summary.getCount() == 0)))
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertEquals(total, handled.size());
          assertTrue(handled.values().stream().allMatch(times -> times == 1), "each exactly once: " + handled);
          test.completeNow();
        })));
  }

  @Test
  void anEntryFailingEveryTimeIsGivenUpAfterItsDeliveriesAndAcknowledged(Vertx vertx, VertxTestContext test) {
    AtomicInteger attempts = new AtomicInteger();
    Map<String, Long> givenUp = new ConcurrentHashMap<>();
    StreamWorker.Handler failing = new StreamWorker.Handler() {
      @Override
      public List<Future<Void>> handle(List<StreamEntry> entries) {
        attempts.addAndGet(entries.size());
        return entries.stream().map(entry -> Future.<Void>failedFuture("poison")).toList();
      }

      @Override
      public Future<Void> giveUp(StreamEntry entry, long deliveries) {
        givenUp.put(entry.field("n"), deliveries);
        return Future.succeededFuture();
      }
    };
    worker(vertx, "c1", 4, 3, failing).start()
        .compose(v -> append(1))
        .compose(v -> Eventually.holds(vertx, 10_000, "the entry is given up and gone",
            () -> redis.call(c -> c.xlen(STREAM)).map(length -> length == 0 && !givenUp.isEmpty())))
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertEquals(Map.of("0", 3L), givenUp);
          assertEquals(3, attempts.get(), "tried as often as allowed, then given up");
          test.completeNow();
        })));
  }

  @Test
  void stopWaitsForTheEntriesInHand(Vertx vertx, VertxTestContext test) {
    HeldEntries handler = new HeldEntries();
    StreamWorker worker = worker(vertx, "c1", 4, 3, handler);
    append(2)
        .compose(v -> worker.start())
        .compose(v -> Eventually.holds(vertx, 5_000, "both entries are in hand",
            () -> Future.succeededFuture(handler.held.size() == 2)))
        .compose(v -> {
          Future<Void> stopped = worker.stop();
          test.verify(() -> assertTrue(!stopped.isComplete(), "stopped with entries in hand"));
          handler.held.forEach(Promise::complete);
          return stopped;
        })
        .compose(v -> redis.call(c -> c.xlen(STREAM)))
        .onComplete(test.succeeding(length -> test.verify(() -> {
          assertEquals(0L, length, "both finished and were acknowledged before stop completed");
          test.completeNow();
        })));
  }
}
