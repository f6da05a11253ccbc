package org.crmhub.hub.webhooks;

import io.vertx.core.Future;
import java.util.List;
import org.crmhub.hub.redis.OneTimeMigration;
import org.crmhub.hub.redis.Redis;

/**
 * Moves deliveries and attempt logs stored before they shared the {@code {webhooks}} hash tag to
 * their tagged keys, once, at start: the deliveries still due and those of every subscription, and
 * each subscription's log. A legacy key is deleted only after its copy is written, so a start that
 * stops midway moves the rest next time; a tagged key that exists already is never overwritten.
 * A marker key records that the move is done, so later starts read nothing else.
 */
public final class LegacyWebhookKeys {

  static final String MOVED = WebhookStore.TAGGED + "layout-tagged";

  private final Redis redis;

  public LegacyWebhookKeys(Redis redis) {
    this.redis = redis;
  }

  public Future<Void> migrate() {
    return new OneTimeMigration(redis, MOVED)
        .runOnce(() -> redis.call(c -> c.hkeys(WebhookStore.SUBSCRIPTIONS)).compose(this::moveSubscriptions));
  }

  private Future<Void> moveSubscriptions(List<String> subscriptionIds) {
    Future<Void> logs = Future.succeededFuture();
    for (String subscriptionId : subscriptionIds) {
      logs = logs.compose(v -> moveLog(subscriptionId));
    }
    return logs.compose(v -> new WebhookStore(redis).forEachDeliveryId(this::moveDelivery));
  }

  private Future<Void> moveDelivery(String id) {
    String legacy = WebhookStore.legacyDeliveryKey(id);
    return redis.call(c -> c.get(legacy))
        .compose(json -> json == null
            ? Future.succeededFuture()
            : redis.call(c -> c.setnx(WebhookStore.combinedKey(id), json))
                .compose(v -> redis.call(c -> c.del(legacy))))
        .mapEmpty();
  }

  private Future<Void> moveLog(String subscriptionId) {
    String legacy = WebhookStore.legacyAttemptsOf(subscriptionId);
    String tagged = WebhookStore.attemptsOf(subscriptionId);
    return redis.call(c -> c.lrange(legacy, 0, -1))
        .compose(entries -> entries.isEmpty()
            ? Future.succeededFuture()
            : redis.call(c -> c.exists(tagged))
                .compose(exists -> exists > 0
                    ? Future.succeededFuture()
                    : redis.call(c -> c.rpush(tagged, entries.toArray(String[]::new))))
                .compose(v -> redis.call(c -> c.del(legacy))))
        .mapEmpty();
  }
}
