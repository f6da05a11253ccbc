package org.crmhub.hub.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.RedisPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Deliveries and attempt logs written under the old key names move to the tagged ones, once. */
@ExtendWith(VertxExtension.class)
class LegacyWebhookKeysTest {

  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();

  @Test
  void aPendingDeliveryAndItsLogSurviveTheMoveAndASecondStartMovesNothing(Vertx vertx, VertxTestContext test) {
    String subscription = "wh_legacy";
    String due = "dl_due";
    String old = "dl_old";
    Redis.connect(vertx, server.url())
        .compose(redis -> redis.call(c -> c.flushall())
            .compose(v -> Future.all(List.of(
                redis.call(c -> c.hset(WebhookStore.SUBSCRIPTIONS, subscription, "{\"id\":\"wh_legacy\"}")),
                redis.call(c -> c.zadd(WebhookStore.DUE, 1.0, due)),
                redis.call(c -> c.zadd(WebhookStore.deliveriesOf(subscription), 2.0, old)),
                redis.call(c -> c.set(WebhookStore.legacyDeliveryKey(due), "{\"id\":\"dl_due\"}")),
                redis.call(c -> c.set(WebhookStore.legacyDeliveryKey(old), "{\"id\":\"dl_old\"}")),
                redis.call(c -> c.rpush(WebhookStore.legacyAttemptsOf(subscription), "a1", "a2")))))
            .compose(v -> new LegacyWebhookKeys(redis).migrate())
            // written under the old name after the move: a second start must leave it alone
            .compose(v -> redis.call(c -> c.set(WebhookStore.legacyDeliveryKey("dl_late"), "{}")))
            .compose(v -> new LegacyWebhookKeys(redis).migrate())
            .compose(v -> Future.all(List.of(
                redis.call(c -> c.get(WebhookStore.combinedKey(due))),
                redis.call(c -> c.get(WebhookStore.combinedKey(old))),
                redis.call(c -> c.lrange(WebhookStore.attemptsOf(subscription), 0, -1)),
                redis.call(c -> c.get(WebhookStore.legacyDeliveryKey(due))),
                redis.call(c -> c.exists(WebhookStore.legacyAttemptsOf(subscription))),
                redis.call(c -> c.get(WebhookStore.legacyDeliveryKey("dl_late"))))))
            .eventually(() -> redis.shutdown()))
        .onComplete(test.succeeding(read -> test.verify(() -> {
          assertEquals("{\"id\":\"dl_due\"}", read.resultAt(0));
          assertEquals("{\"id\":\"dl_old\"}", read.resultAt(1));
          assertEquals(List.of("a1", "a2"), read.resultAt(2));
          assertNull(read.resultAt(3));
          assertEquals(0L, (Long) read.resultAt(4));
          assertEquals("{}", read.resultAt(5), "the marker stops a second scan");
          test.completeNow();
        })));
  }
}
