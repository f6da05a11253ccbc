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
}
