package org.crmhub.hub.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.RedisPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A delivery's life in Redis: created once, claimed with its body, attempts recorded into its state
 * (optional fields removed when an attempt leaves them out), re-queued, ended unsent, forgotten.
 */
@ExtendWith(VertxExtension.class)
class WebhookDeliveryStateTest {

  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();

  private static final String BODY = "{\"type\":\"message.created\",\"data\":{\"text\":\"caf\u00e9 \\\"quoted\\\"\"}}";

  @Test
  void aDeliveryKeepsItsBodyThroughAttemptsAndAReplay(Vertx vertx, VertxTestContext test) {
    JsonObject created = EventFanOut.newDelivery("ev_state", "wh_state", "message.created", BODY);
    String id = created.getString("id");
    // an hour ahead: every step's time is past the creation, however long connecting took
    long now = System.currentTimeMillis() + 3_600_000;
    Redis.connect(vertx, server.url()).compose(redis -> {
      WebhookStore store = new WebhookStore(redis);
      return redis.call(c -> c.flushall())
          .compose(v -> store.createDelivery(created))
          .compose(first -> store.createDelivery(created.copy().put("body", "{\"another\":true}"))
              .map(second -> {
                test.verify(() -> {
                  assertTrue(first);
                  assertFalse(second, "a delivery is created once");
                });
                return null;
              }))
          .compose(v -> store.claimDueDeliveries(now + 1_000, 10, now + 60_000, "lease-1"))
          .compose(claimed -> {
            test.verify(() -> {
              assertEquals(1, claimed.size());
              assertEquals(created, claimed.get(0).delivery(), "claimed with its state and its first body");
            });
            JsonObject failedOnce = claimed.get(0).delivery().put("attempts", 1).put("status", "pending")
                .put("lastStatus", 503).put("lastError", "HTTP 503").put("nextAttemptAt", "2026-12-07T10:00:00Z");
            return store.recordAttempt(failedOnce, new JsonObject().put("deliveryId", id).put("attempt", 1),
                "lease-1", now + 2_000);
          })
          .compose(recorded -> store.claimDueDeliveries(now + 3_000, 10, now + 60_000, "lease-2"))
          .compose(claimed -> {
            JsonObject delivery = claimed.get(0).delivery();
            test.verify(() -> {
              assertEquals(1, delivery.getInteger("attempts"));
              assertEquals(503, delivery.getInteger("lastStatus"));
              assertEquals(BODY, delivery.getString("body"));
            });
            delivery.put("attempts", 2).put("status", "succeeded").put("lastStatus", 204);
            delivery.remove("lastError");
            delivery.remove("nextAttemptAt");
            return store.recordAttempt(delivery, new JsonObject().put("deliveryId", id).put("attempt", 2),
                "lease-2", null);
          })
          .compose(recorded -> store.delivery(id))
          .compose(succeeded -> {
            test.verify(() -> {
              assertEquals("succeeded", succeeded.getString("status"));
              assertNull(succeeded.getValue("lastError"), "an attempt that leaves a field out removes it");
              assertNull(succeeded.getValue("nextAttemptAt"));
              assertEquals(BODY, succeeded.getString("body"));
            });
            return store.requeue(List.of(id, "msg_unknown"), now + 4_000);
          })
          .compose(requeued -> {
            test.verify(() -> assertEquals(1, requeued, "only stored deliveries are requeued"));
            return store.claimDueDeliveries(now + 4_000, 10, now + 60_000, "lease-3");
          })
          .compose(claimed -> {
            test.verify(() -> {
              JsonObject again = claimed.get(0).delivery();
              assertEquals("pending", again.getString("status"));
              assertEquals(0, again.getInteger("attempts"));
              assertEquals(204, again.getInteger("lastStatus"), "the last answer stays until the next attempt");
              assertEquals(BODY, again.getString("body"));
            });
            return store.endUnsent(id, "subscription deleted");
          })
          .compose(v -> Future.all(store.delivery(id), store.stillLeased(id, "lease-3"),
              store.claimDueDeliveries(now + 600_000, 10, now + 660_000, "lease-4")))
          .compose(read -> {
            test.verify(() -> {
              JsonObject ended = read.resultAt(0);
              assertEquals("failed", ended.getString("status"));
              assertEquals("subscription deleted", ended.getString("lastError"));
              assertFalse((Boolean) read.resultAt(1), "its lease ended");
              assertTrue(read.<List<?>>resultAt(2).isEmpty(), "it is off the schedule");
            });
            return store.saveSubscription(new JsonObject().put("id", "wh_state").put("createdAt", "2026-12-07T00:00:00Z"))
                .compose(v -> store.forgetDeliveries(text -> text != null && text.contains("caf\u00e9")));
          })
          .compose(forgotten -> {
            test.verify(() -> assertEquals(1L, forgotten));
            return redis.call(c -> c.exists(WebhookStore.stateKey(id), WebhookStore.bodyKey(id)));
          })
          .onComplete(done -> redis.shutdown())
          .map(left -> {
            test.verify(() -> assertEquals(0L, left, "state and body are both deleted"));
            return null;
          });
    }).onComplete(test.succeedingThenComplete());
  }

  /**
   * One batch records as the same attempts recorded one by one would: in order, each only while its
   * claim holds the delivery (an attempt after one that ended it in the same batch does not), the
   * logs newest first and capped, the schedule and the leases as the last recorded attempt left them.
   */
  @Test
  void aBatchOfAttemptsIsRecordedAsOneAtATimeWouldBe(Vertx vertx, VertxTestContext test) {
    long now = System.currentTimeMillis() + 3_600_000;
    List<JsonObject> created = List.of(
        EventFanOut.newDelivery("ev_batch_a", "wh_batch", "message.created", BODY),
        EventFanOut.newDelivery("ev_batch_b", "wh_batch", "message.created", BODY),
        EventFanOut.newDelivery("ev_batch_c", "wh_batch", "message.created", BODY),
        EventFanOut.newDelivery("ev_batch_d", "wh_batch_other", "message.created", BODY));
    String a = created.get(0).getString("id");
    String b = created.get(1).getString("id");
    String c = created.get(2).getString("id");
    String d = created.get(3).getString("id");
    Redis.connect(vertx, server.url()).compose(redis -> {
      WebhookStore store = new WebhookStore(redis);
      return redis.call(conn -> conn.flushall())
          .compose(v -> store.recordAttempts(List.of()))
          .compose(none -> {
            test.verify(() -> assertTrue(none.isEmpty(), "an empty batch records nothing"));
            return Future.all(created.stream().map(store::createDelivery).toList());
          })
          .compose(v -> store.claimDueDeliveries(now, 10, now + 60_000, "lease-1"))
          .compose(claimed -> {
            test.verify(() -> assertEquals(4, claimed.size()));
            return store.recordAttempts(List.of(
                attempt(created.get(0), 1, "pending", "lease-1", now + 5_000),
                attempt(created.get(1), 1, "succeeded", "lease-1", null),
                attempt(created.get(2), 1, "succeeded", "lease-stale", null),
                attempt(created.get(3), 1, "succeeded", "lease-1", null),
                attempt(created.get(1), 2, "succeeded", "lease-1", null)));
          })
          .compose(answers -> {
            test.verify(() -> assertEquals(List.of(true, true, false, true, false), answers));
            return Future.all(List.of(store.attempts("wh_batch", 10), store.attempts("wh_batch_other", 10),
                redis.call(conn -> conn.zscore(WebhookStore.DUE, a)), redis.call(conn -> conn.zscore(WebhookStore.DUE, b)),
                redis.call(conn -> conn.zscore(WebhookStore.DUE, c)), redis.call(conn -> conn.zscore(WebhookStore.DUE, d)),
                store.stillLeased(a, "lease-1"), store.stillLeased(b, "lease-1"), store.stillLeased(c, "lease-1"),
                store.stillLeased(d, "lease-1"), store.delivery(b), store.delivery(c)));
          })
          .compose(read -> {
            test.verify(() -> {
              assertEquals(List.of(b + "#1", a + "#1"), logged(read.resultAt(0)), "newest first, c not logged");
              assertEquals(List.of(d + "#1"), logged(read.resultAt(1)));
              assertEquals((double) (now + 5_000), (Double) read.resultAt(2), "a is due again");
              assertNull(read.resultAt(3), "b ended: off the schedule");
              assertEquals((double) (now + 60_000), (Double) read.resultAt(4), "c keeps its lease's time");
              assertNull(read.resultAt(5));
              assertEquals(List.of(true, false, true, false), List.of(read.<Boolean>resultAt(6),
                  read.<Boolean>resultAt(7), read.<Boolean>resultAt(8), read.<Boolean>resultAt(9)));
              assertEquals(1, read.<JsonObject>resultAt(10).getInteger("attempts"), "b's second attempt not written");
              assertEquals(0, read.<JsonObject>resultAt(11).getInteger("attempts"), "c untouched");
            });
            // more attempts in one batch than the log keeps: the newest are kept
            List<WebhookStore.AttemptRecord> many = new java.util.ArrayList<>();
            for (int n = 2; n <= 1_005; n++) {
              many.add(attempt(created.get(0), n, "pending", "lease-1", now + 5_000 + n));
            }
            return store.recordAttempts(many);
          })
          .compose(answers -> {
            test.verify(() -> assertTrue(answers.stream().allMatch(Boolean::booleanValue)));
            return Future.all(redis.call(conn -> conn.llen(WebhookStore.attemptsOf("wh_batch"))),
                store.attempts("wh_batch", 1), redis.call(conn -> conn.zscore(WebhookStore.DUE, a)));
          })
          .onComplete(done -> redis.shutdown())
          .map(read -> {
            test.verify(() -> {
              assertEquals(1_000L, read.<Long>resultAt(0));
              assertEquals(List.of(a + "#1005"), logged(read.resultAt(1)));
              assertEquals((double) (now + 5_000 + 1_005), (Double) read.resultAt(2), "the last attempt's due time");
            });
            return null;
          });
    }).onComplete(test.succeedingThenComplete());
  }

  private static WebhookStore.AttemptRecord attempt(JsonObject created, int number, String status, String token,
      Long nextDue) {
    JsonObject delivery = created.copy().put("attempts", number).put("status", status).put("lastStatus", 204);
    return new WebhookStore.AttemptRecord(delivery,
        new JsonObject().put("id", created.getString("id") + "#" + number), token, nextDue);
  }

  private static List<String> logged(io.vertx.core.json.JsonArray entries) {
    return entries.stream().map(entry -> ((JsonObject) entry).getString("id")).toList();
  }
}
