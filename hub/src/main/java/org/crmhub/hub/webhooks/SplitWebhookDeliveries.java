package org.crmhub.hub.webhooks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.hub.redis.LuaScript;
import org.crmhub.hub.redis.OneTimeMigration;
import org.crmhub.hub.redis.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits each delivery stored as one JSON string (state and body together) into its state hash and
 * its body, once, at start, after {@link LegacyWebhookKeys}. Each delivery is split in one script
 * that writes the new keys (unless a state exists already) and deletes the old one, so a start that
 * stops midway splits the rest next time. A marker key records that the split is done.
 */
public final class SplitWebhookDeliveries {

  static final String SPLIT = WebhookStore.TAGGED + "layout-split";
  private static final Logger LOG = LoggerFactory.getLogger(SplitWebhookDeliveries.class);

  /** KEYS: the combined key, the state, the body; ARGV: the body, then the state's fields and values. */
  private static final LuaScript SPLIT_ONE = new LuaScript("""
      if redis.call('EXISTS', KEYS[2]) == 0 then
        redis.call('HSET', KEYS[2], unpack(ARGV, 2))
        redis.call('SET', KEYS[3], ARGV[1])
      end
      redis.call('DEL', KEYS[1])
      return 1
      """, LuaScript.Returns.INTEGER);

  private final Redis redis;

  public SplitWebhookDeliveries(Redis redis) {
    this.redis = redis;
  }

  public Future<Void> migrate() {
    return new OneTimeMigration(redis, SPLIT)
        .runOnce(() -> new WebhookStore(redis).forEachDeliveryId(this::split));
  }

  private Future<Void> split(String id) {
    String combined = WebhookStore.combinedKey(id);
    return redis.call(c -> c.get(combined)).compose(json -> {
      if (json == null) {
        return Future.succeededFuture();
      }
      JsonObject delivery;
      try {
        delivery = new JsonObject(json);
      } catch (RuntimeException unreadable) {
        // kept as it was: nothing can send it, and deleting it would lose what an operator may want
        LOG.warn("webhook delivery {} is stored unreadable and was not converted", id);
        return Future.succeededFuture();
      }
      List<String> args = new ArrayList<>();
      args.add(delivery.getString(DeliveryFields.BODY, ""));
      args.addAll(DeliveryFields.state(delivery.put("id", id)));
      return SPLIT_ONE.run(redis, new String[] {combined, WebhookStore.stateKey(id), WebhookStore.bodyKey(id)},
          args.toArray(String[]::new)).mapEmpty();
    });
  }
}
