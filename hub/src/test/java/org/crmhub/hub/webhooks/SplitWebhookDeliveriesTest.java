package org.crmhub.hub.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.RedisPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Deliveries stored as one JSON string become a state hash and a body, once, and read back the same. */
@ExtendWith(VertxExtension.class)
class SplitWebhookDeliveriesTest {

  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();

  private static final String SUBSCRIPTION = "wh_split";

  @Test
  void aStoredDeliveryReadsTheSameAfterTheSplitAndASecondStartSplitsNothing(Vertx vertx, VertxTestContext test) {
    JsonObject retrying = new JsonObject()
        .put("id", "msg_retrying").put("subscriptionId", SUBSCRIPTION).put("eventId", "ev_1")
        .put("type", "message.created").put("body", "{\"type\":\"message.created\",\"data\":{\"text\":\"h\u00e9llo \\\"you\\\"\"}}")
        .put("createdAt", "2026-12-01T10:00:00Z").put("attempts", 2).put("status", "pending")
        .put("lastAttemptAt", "2026-12-01T10:00:05Z").put("lastStatus", 503).put("lastError", "HTTP 503")
        .put("nextAttemptAt", "2026-12-01T10:05:00Z");
    JsonObject delivered = new JsonObject()
        .put("id", "msg_delivered").put("subscriptionId", SUBSCRIPTION).put("eventId", "ev_2")
        .put("type", "conversation.updated").put("body", "{}").put("createdAt", "2026-12-01T11:00:00Z")
        .put("attempts", 1).put("status", "succeeded").put("lastStatus", 204);
    Redis.connect(vertx, server.url())
        .compose(redis -> redis.call(c -> c.flushall())
            .compose(v -> Future.all(List.of(
                redis.call(c -> c.hset(WebhookStore.SUBSCRIPTIONS, SUBSCRIPTION, "{\"id\":\"wh_split\"}")),
                // one on the schedule only, one in the subscription's list only
                redis.call(c -> c.zadd(WebhookStore.DUE, 1.0, "msg_retrying")),
                redis.call(c -> c.zadd(WebhookStore.deliveriesOf(SUBSCRIPTION), 2.0, "msg_delivered")),
                redis.call(c -> c.set(WebhookStore.combinedKey("msg_retrying"), retrying.encode())),
                redis.call(c -> c.set(WebhookStore.combinedKey("msg_delivered"), delivered.encode())))))
            .compose(v -> new SplitWebhookDeliveries(redis).migrate())
            // stored in the old form after the split: a second start must leave it alone
            .compose(v -> redis.call(c -> c.set(WebhookStore.combinedKey("msg_late"), "{}")))
            .compose(v -> redis.call(c -> c.zadd(WebhookStore.DUE, 3.0, "msg_late")))
            .compose(v -> new SplitWebhookDeliveries(redis).migrate())
            .compose(v -> {
              WebhookStore store = new WebhookStore(redis);
              return Future.all(List.of(
                  store.delivery("msg_retrying"),
                  store.delivery("msg_delivered"),
                  redis.call(c -> c.exists(WebhookStore.combinedKey("msg_retrying"), WebhookStore.combinedKey("msg_delivered"))),
                  redis.call(c -> c.get(WebhookStore.combinedKey("msg_late"))),
                  redis.call(c -> c.hgetall(WebhookStore.stateKey("msg_retrying")))));
            })
            .eventually(() -> redis.shutdown()))
        .onComplete(test.succeeding(read -> test.verify(() -> {
          assertEquals(retrying, read.resultAt(0));
          assertEquals(delivered, read.resultAt(1));
          assertEquals(0L, (Long) read.resultAt(2), "the old keys are gone");
          assertEquals("{}", read.resultAt(3), "the marker stops a second scan");
          Map<String, String> state = read.resultAt(4);
          assertNull(state.get("body"), "the body is not part of the state");
          assertEquals("503", state.get("lastStatus"));
          test.completeNow();
        })));
  }
}
