package org.crmhub.hub.webhooks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.crmhub.hub.redis.LuaScript;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.ScoreRange;
import org.crmhub.hub.redis.SortedSets;

/**
 * Subscriptions, deliveries and the delivery log in Redis. A delivery's id is derived from the
 * event and the subscription, so fanning an event out twice (after a crash) makes no second
 * delivery, and it is the {@code webhook-id} receivers dedupe on.
 */
public final class WebhookStore {

  private static final String SUBSCRIPTIONS = "crm:webhooks:subscriptions";
  /** delivery ids scored by when they are due; a claimed delivery is pushed out by its lease */
  private static final String DUE = "crm:{webhooks}:due";
  /** delivery id -> the token of its latest claim: a sender whose token is gone lost the lease */
  private static final String LEASES = "crm:{webhooks}:leases";
  private static final int LOG_LENGTH = 1_000;

  /** Takes due deliveries and leases them in one step, so of several hubs exactly one sends each. */
  private static final LuaScript CLAIM_DUE = new LuaScript("""
      local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
      for _, id in ipairs(ids) do
        redis.call('ZADD', KEYS[1], ARGV[3], id)
        redis.call('HSET', KEYS[2], id, ARGV[4])
      end
      return ids
      """, LuaScript.Returns.LIST);

  private final Redis redis;

  public WebhookStore(Redis redis) {
    this.redis = redis;
  }

  private static String deliveryKey(String id) {
    return "crm:webhooks:delivery:" + id;
  }

  private static String deliveriesOf(String subscriptionId) {
    return "crm:webhooks:subscription:" + subscriptionId + ":deliveries";
  }

  private static String attemptsOf(String subscriptionId) {
    return "crm:webhooks:subscription:" + subscriptionId + ":attempts";
  }

  // --- subscriptions

  public Future<Void> saveSubscription(JsonObject subscription) {
    return redis.call(c -> c.hset(SUBSCRIPTIONS, subscription.getString("id"), subscription.encode())).mapEmpty();
  }

  public Future<JsonObject> subscription(String id) {
    return redis.call(c -> c.hget(SUBSCRIPTIONS, id)).map(json -> json == null ? null : new JsonObject(json));
  }

  public Future<List<JsonObject>> subscriptions() {
    return redis.call(c -> c.hvals(SUBSCRIPTIONS)).map(values -> {
      List<JsonObject> list = new ArrayList<>();
      values.forEach(json -> list.add(new JsonObject(json)));
      list.sort((a, b) -> a.getString("createdAt").compareTo(b.getString("createdAt")));
      return list;
    });
  }

  /** @return false when there was no such subscription */
  public Future<Boolean> deleteSubscription(String id) {
    return redis.call(c -> c.hdel(SUBSCRIPTIONS, id)).map(removed -> removed > 0);
  }

  // --- deliveries

  public static String deliveryId(String eventId, String subscriptionId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((eventId + "|" + subscriptionId).getBytes(StandardCharsets.UTF_8));
      return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  /** Creates the delivery unless it exists, and makes it due now. @return true when new */
  public Future<Boolean> createDelivery(JsonObject delivery) {
    String id = delivery.getString("id");
    long now = Instant.now().toEpochMilli();
    return redis.call(c -> c.setnx(deliveryKey(id), delivery.encode())).compose(created -> {
      if (!created) {
        return Future.succeededFuture(false);
      }
      return Future.all(
              redis.call(c -> c.zadd(deliveriesOf(delivery.getString("subscriptionId")), now, id)),
              redis.call(c -> c.zadd(DUE, now, id)))
          .map(v -> true);
    });
  }

  public Future<JsonObject> delivery(String id) {
    return redis.call(c -> c.get(deliveryKey(id))).map(json -> json == null ? null : new JsonObject(json));
  }

  public Future<Void> saveDelivery(JsonObject delivery) {
    return redis.call(c -> c.set(deliveryKey(delivery.getString("id")), delivery.encode())).mapEmpty();
  }

  public Future<Void> schedule(String deliveryId, long dueAtMillis) {
    return redis.call(c -> c.zadd(DUE, dueAtMillis, deliveryId)).mapEmpty();
  }

  public Future<Void> unschedule(String deliveryId) {
    return Future.all(redis.call(c -> c.zrem(DUE, deliveryId)), redis.call(c -> c.hdel(LEASES, deliveryId)))
        .mapEmpty();
  }

  /**
   * Due deliveries, each leased to the caller until {@code leaseUntilMillis} under {@code token}
   * (unique per claim): a later claim by another hub replaces the token.
   */
  public Future<List<String>> claimDue(long nowMillis, int limit, long leaseUntilMillis, String token) {
    return CLAIM_DUE.<List<Object>>run(redis, new String[] {DUE, LEASES},
            Long.toString(nowMillis), Integer.toString(limit), Long.toString(leaseUntilMillis), token)
        .map(ids -> ids.stream().map(String.class::cast).toList());
  }

  /** Whether the claim with this token still holds the delivery (no other hub claimed it since). */
  public Future<Boolean> stillLeased(String deliveryId, String token) {
    return redis.call(c -> c.hget(LEASES, deliveryId)).map(token::equals);
  }

  /** Delivery ids of a subscription created at or after {@code sinceMillis}, oldest first. */
  public Future<List<String>> deliveryIdsSince(String subscriptionId, long sinceMillis, int limit) {
    return SortedSets.membersAscending(redis, deliveriesOf(subscriptionId), ScoreRange.atLeast(sinceMillis), 0, limit);
  }

  /** Newest first. */
  public Future<List<JsonObject>> deliveries(String subscriptionId, int limit) {
    return redis.call(c -> c.zrevrange(deliveriesOf(subscriptionId), 0, limit - 1))
        .compose(ids -> Future.all(ids.stream().map(this::delivery).toList()))
        .map(all -> all.<JsonObject>list().stream().filter(d -> d != null).toList());
  }

  // --- attempt log

  public Future<Void> logAttempt(String subscriptionId, JsonObject attempt) {
    String key = attemptsOf(subscriptionId);
    return Future.all(
            redis.call(c -> c.lpush(key, attempt.encode())),
            redis.call(c -> c.ltrim(key, 0, LOG_LENGTH - 1)))
        .mapEmpty();
  }

  /** Newest first. */
  public Future<JsonArray> attempts(String subscriptionId, int limit) {
    return redis.call(c -> c.lrange(attemptsOf(subscriptionId), 0, limit - 1))
        .map(values -> new JsonArray(values.stream().map(JsonObject::new).toList()));
  }

  /** Subscriptions by id, for fan-out. */
  public Future<Map<String, String>> subscriptionsById() {
    return redis.call(c -> c.hgetall(SUBSCRIPTIONS));
  }
}
