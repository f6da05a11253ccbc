package org.crmhub.hub.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.Streams;
import org.crmhub.hub.testing.RedisPerClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The trail's own rules, on a Redis of its own: entries past the retention go (on append, whole
 * nodes; on {@link AuditTrail#trim()}, exactly) and are never listed, and a listing looks at a
 * bounded number of entries and hands on a cursor. Old entries are written with old ids, so no
 * test waits for time to pass.
 */
@ExtendWith(VertxExtension.class)
class AuditTrailStoreTest {

  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();

  private static final Duration RETENTION = Duration.ofDays(365);
  private static final long DAY = Duration.ofDays(1).toMillis();

  private Redis redis;
  private AuditTrail trail;
  private long now;

  @BeforeEach
  void connect(Vertx vertx, VertxTestContext test) {
    now = System.currentTimeMillis();
    Redis.connect(vertx, server.url())
        .compose(connected -> {
          redis = connected;
          trail = new AuditTrail(redis, RETENTION, Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC));
          return redis.call(c -> c.del(AuditTrail.STREAM));
        })
        .onComplete(test.succeedingThenComplete());
  }

  @AfterEach
  void close(VertxTestContext test) {
    redis.shutdown().onComplete(test.succeedingThenComplete());
  }

  @Test
  void trimmingDropsEntriesPastTheRetentionAndKeepsTheRest(VertxTestContext test) {
    trail.recordWithId((now - 400 * DAY) + "-0", entry("cu_400"))
        .compose(v -> trail.recordWithId((now - 366 * DAY) + "-0", entry("cu_366")))
        .compose(v -> trail.recordWithId((now - 364 * DAY) + "-0", entry("cu_364")))
        .compose(v -> trail.recordWithId((now - DAY) + "-0", entry("cu_1")))
        .compose(v -> all())
        .compose(before -> {
          test.verify(() -> assertEquals(List.of("cu_1", "cu_364"), customers(before),
              "a listing never shows entries past the retention, trimmed or not"));
          return trail.trim();
        })
        .compose(dropped -> {
          test.verify(() -> assertEquals(2L, dropped));
          return Streams.oldest(redis, AuditTrail.STREAM, 100);
        })
        .onComplete(test.succeeding(left -> test.verify(() -> {
          assertEquals(List.of("cu_364", "cu_1"), left.stream().map(e -> e.field("customerId")).toList());
          test.completeNow();
        })));
  }

  @Test
  void appendingDropsWholeNodesOfEntriesPastTheRetention(VertxTestContext test) {
    // Redis keeps a stream in nodes of 100 entries: the first node holds only expired entries
    Future<Void> written = Future.succeededFuture();
    for (int i = 0; i < 150; i++) {
      String id = (now - 400 * DAY + i) + "-0";
      written = written.compose(v -> trail.recordWithId(id, entry("cu_old")));
    }
    for (int i = 0; i < 10; i++) {
      String id = (now - DAY + i) + "-0";
      written = written.compose(v -> trail.recordWithId(id, entry("cu_recent")));
    }
    written
        .compose(v -> trail.record(entry("cu_new")))
        .compose(v -> Streams.oldest(redis, AuditTrail.STREAM, 1_000))
        .onComplete(test.succeeding(left -> test.verify(() -> {
          long old = left.stream().filter(e -> "cu_old".equals(e.field("customerId"))).count();
          assertTrue(old <= 50, old + " expired entries are left of 150: the node with only expired ones stays");
          assertEquals(10, left.stream().filter(e -> "cu_recent".equals(e.field("customerId"))).count());
          assertEquals(1, left.stream().filter(e -> "cu_new".equals(e.field("customerId"))).count());
          test.completeNow();
        })));
  }

  @Test
  void aRareMatchIsReachedPageByPageWithinTheScanBudget(VertxTestContext test) {
    int entries = AuditTrail.SCAN_BUDGET + 500;
    // one sought entry, the oldest; writes are issued together, in order, on one connection
    List<Future<Void>> writes = new ArrayList<>();
    long start = now - 2 * DAY;
    writes.add(trail.recordWithId(start + "-0", new AuditEntry(AuditAction.CUSTOMER_VIEWED, "staff:rare",
        AuditTarget.CUSTOMER, "cu_rare", "cu_rare", "127.0.0.1", null)));
    for (int i = 1; i < entries; i++) {
      writes.add(trail.recordWithId(start + "-" + i, entry("cu_" + i)));
    }
    AuditQuery rare = new AuditQuery("staff:rare", null, null, null, null, null, 10, null);
    Future.all(writes)
        .compose(v -> trail.page(rare))
        .compose(first -> {
          test.verify(() -> {
            assertEquals(0, first.items().size(), "the first request stops at its budget");
            assertNotNull(first.nextCursor());
          });
          return trail.page(new AuditQuery("staff:rare", null, null, null, null, null, 10, first.nextCursor()));
        })
        .compose(second -> {
          test.verify(() -> {
            assertEquals(1, second.items().size());
            assertEquals("cu_rare", second.items().get(0).getString("targetId"));
            assertNull(second.nextCursor(), "nothing is left below it");
          });
          return trail.page(new AuditQuery(null, null, null, null, null, null, 3, null));
        })
        .onComplete(test.succeeding(newest -> test.verify(() -> {
          assertEquals(List.of("cu_" + (entries - 1), "cu_" + (entries - 2), "cu_" + (entries - 3)),
              customers(newest.items()));
          assertEquals(start + "-" + (entries - 3), newest.nextCursor());
          test.completeNow();
        })));
  }

  private Future<List<JsonObject>> all() {
    return trail.page(new AuditQuery(null, null, null, null, null, null, 100, null)).map(AuditPage::items);
  }

  private static List<String> customers(List<JsonObject> items) {
    return items.stream().map(item -> item.getString("customerId")).toList();
  }

  private static AuditEntry entry(String customerId) {
    return new AuditEntry(AuditAction.CUSTOMER_VIEWED, "staff:ann", AuditTarget.CUSTOMER, customerId, customerId,
        "127.0.0.1", null);
  }
}
