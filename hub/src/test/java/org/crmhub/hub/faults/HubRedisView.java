package org.crmhub.hub.faults;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crmhub.hub.redis.Redis;

/**
 * Reads from Redis what the hubs' API does not show, so that a fault test can freeze the hub that
 * holds work at the right moment. The keys are the hub's own layout: {@code WebhookStore} keeps
 * each delivery's claim token (the claiming hub's id, a slash, the round), {@code RedisLeases} a
 * lease's holder id, {@code IngestKeys} a key per accepted contact.
 */
final class HubRedisView {

  private static final String DELIVERY_CLAIMS = "crm:{webhooks}:leases";

  private final Redis redis;

  private HubRedisView(Redis redis) {
    this.redis = redis;
  }

  static Future<HubRedisView> connect(Vertx vertx, String redisUrl) {
    return Redis.connect(vertx, redisUrl).map(HubRedisView::new);
  }

  /** Hub id -> the deliveries it holds a claim on (finished deliveries have none). */
  Future<Map<String, Set<String>>> deliveryClaims() {
    return redis.call(c -> c.hgetall(DELIVERY_CLAIMS)).map(claims -> {
      Map<String, Set<String>> byHub = new HashMap<>();
      claims.forEach((deliveryId, token) ->
          byHub.computeIfAbsent(token.substring(0, token.indexOf('/')), hub -> new HashSet<>()).add(deliveryId));
      return byHub;
    });
  }

  /** The id of the hub holding a connector's lease (e.g. {@code email:support@example.com}); null: none. */
  Future<String> connectorLease(String name) {
    return redis.call(c -> c.get("crm:lease:" + name));
  }

  /** How many contacts of a channel whose external id starts with {@code prefix} the hubs have accepted. */
  Future<Integer> accepted(String channel, String prefix) {
    return redis.call(c -> c.keys("crm:{in:*}:seen:" + channel + ":" + prefix + "*")).map(List::size);
  }

  Future<Void> close() {
    return redis.shutdown();
  }
}
