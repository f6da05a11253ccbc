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
import org.crmhub.hub.async.AsyncLoop;
import org.crmhub.hub.redis.Hashes;
import org.crmhub.hub.redis.LuaScript;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.ScoreRange;
import org.crmhub.hub.redis.Scored;
import org.crmhub.hub.redis.SortedSets;

/**
 * Subscriptions, deliveries and the delivery log in Redis. A delivery's id is derived from the
 * event and the subscription, so fanning an event out twice (after a crash) makes no second
 * delivery, and it is the {@code webhook-id} receivers dedupe on. A delivery's state (a hash of a
 * few fields) is kept apart from its body (written once): an attempt or a replay rewrites only
 * state fields ({@link DeliveryFields}).
 */
public final class WebhookStore {

  static final String SUBSCRIPTIONS = "crm:webhooks:subscriptions";
  /** delivery ids scored by when they are due; a claimed delivery is pushed out by its lease */
  static final String DUE = "crm:{webhooks}:due";
  /** delivery id -> the token of its latest claim: a sender whose token is gone lost the lease */
  private static final String LEASES = "crm:{webhooks}:leases";
  private static final int LOG_LENGTH = 1_000;
  private static final int REQUEUE_SLICE = 500;
  /** Prefix of every key a delivery script touches: one hash tag, so one script can hold them all. */
  static final String TAGGED = "crm:{webhooks}:";

  /**
   * Takes due deliveries and leases them in one step, so of several hubs exactly one sends each;
   * returns each id followed by its stored state (HGETALL, empty when there is none) and body, so
   * that sending needs no further read. The schedule and the leases are written with one command
   * each for all claimed (a script's calls into Redis are most of what it costs there).
   */
  private static final LuaScript CLAIM_DUE = new LuaScript("""
      local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
      if #ids == 0 then
        return {}
      end
      local leasedUntil, leases = {}, {}
      for i, id in ipairs(ids) do
        leasedUntil[2 * i - 1], leasedUntil[2 * i] = ARGV[3], id
        leases[2 * i - 1], leases[2 * i] = id, ARGV[4]
      end
      redis.call('ZADD', KEYS[1], unpack(leasedUntil))
      redis.call('HSET', KEYS[2], unpack(leases))
      local claimed = {}
      for _, id in ipairs(ids) do
        claimed[#claimed + 1] = id
        claimed[#claimed + 1] = redis.call('HGETALL', ARGV[5] .. id)
        claimed[#claimed + 1] = redis.call('GET', ARGV[6] .. id)
      end
      return claimed
      """, LuaScript.Returns.LIST);

  /**
   * KEYS: the state, the body, the schedule; ARGV: the id, when it is due, the body, then the
   * state's fields and values. Writes nothing when the delivery exists. Returns 1 when created.
   */
  private static final LuaScript CREATE = new LuaScript("""
      if redis.call('EXISTS', KEYS[1]) == 1 then
        return 0
      end
      redis.call('HSET', KEYS[1], unpack(ARGV, 4))
      redis.call('SET', KEYS[2], ARGV[3])
      redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
      return 1
      """, LuaScript.Returns.INTEGER);

  /**
   * Records attempts, each only if its claim still holds its delivery: its state's changed fields,
   * the capped attempt log, and either its next due time or its end (off the schedule, lease
   * released). KEYS: the schedule, the leases, then each delivery's state and attempt log; ARGV: the
   * log's length, then per attempt its id, token, log entry, next due time ('' for none), how many
   * fields to set and to remove, the fields and values to set, the fields to remove. Returns 1 per
   * attempt recorded, 0 where another claim holds the delivery (nothing written for it).
   * The leases are read, each log appended and trimmed, and the schedule and the leases changed with
   * one command each for the whole batch; only the states are written one by one.
   */
  private static final LuaScript RECORD_ATTEMPTS = new LuaScript("""
      local logLength = tonumber(ARGV[1])
      local count = (#KEYS - 2) / 2
      if count < 1 then
        return {}
      end
      local starts, ids = {}, {}
      local at = 2
      for r = 1, count do
        starts[r], ids[r] = at, ARGV[at]
        at = at + 6 + 2 * tonumber(ARGV[at + 4]) + tonumber(ARGV[at + 5])
      end
      local tokens = redis.call('HMGET', KEYS[2], unpack(ids))
      local recorded, entriesByLog, logs, ended, endedIds, due = {}, {}, {}, {}, {}, {}
      for r = 1, count do
        local at = starts[r]
        local state, log = KEYS[1 + 2 * r], KEYS[2 + 2 * r]
        local token, entry, nextDue = ARGV[at + 1], ARGV[at + 2], ARGV[at + 3]
        local sets, removes = tonumber(ARGV[at + 4]), tonumber(ARGV[at + 5])
        local first = at + 6
        -- an attempt that ends its delivery releases the lease: a later one of the same claim in
        -- this batch no longer holds it
        if tokens[r] == token and not ended[ids[r]] then
          redis.call('HSET', state, unpack(ARGV, first, first + 2 * sets - 1))
          if removes > 0 then
            redis.call('HDEL', state, unpack(ARGV, first + 2 * sets, first + 2 * sets + removes - 1))
          end
          if not entriesByLog[log] then
            entriesByLog[log] = {}
            logs[#logs + 1] = log
          end
          table.insert(entriesByLog[log], entry)
          if nextDue == '' then
            ended[ids[r]] = true
            endedIds[#endedIds + 1] = ids[r]
          else
            due[#due + 1] = nextDue
            due[#due + 1] = ids[r]
          end
          recorded[r] = 1
        else
          recorded[r] = 0
        end
      end
      for _, log in ipairs(logs) do
        -- pushed in order, so the newest entry is first, as one LPUSH each would leave them
        redis.call('LPUSH', log, unpack(entriesByLog[log]))
        redis.call('LTRIM', log, 0, logLength - 1)
      end
      if #due > 0 then
        redis.call('ZADD', KEYS[1], unpack(due))
      end
      if #endedIds > 0 then
        redis.call('ZREM', KEYS[1], unpack(endedIds))
        redis.call('HDEL', KEYS[2], unpack(endedIds))
      end
      return recorded
      """, LuaScript.Returns.LIST);

  /**
   * KEYS: the schedule, then the states; ARGV: when they are due, then the ids. Makes each stored
   * delivery pending with no attempts and due; returns how many were stored.
   */
  private static final LuaScript REQUEUE = new LuaScript("""
      local due = {}
      for i = 2, #KEYS do
        if redis.call('EXISTS', KEYS[i]) == 1 then
          redis.call('HSET', KEYS[i], 'status', 'pending', 'attempts', '0')
          redis.call('HDEL', KEYS[i], 'nextAttemptAt')
          due[#due + 1] = ARGV[1]
          due[#due + 1] = ARGV[i]
        end
      end
      if #due > 0 then
        redis.call('ZADD', KEYS[1], unpack(due))
      end
      return #due / 2
      """, LuaScript.Returns.INTEGER);

  /**
   * KEYS: the state, the schedule, the leases; ARGV: the id, why it ends. Ends a delivery unsent:
   * failed (if stored), off the schedule, lease released.
   */
  private static final LuaScript END_UNSENT = new LuaScript("""
      if redis.call('EXISTS', KEYS[1]) == 1 then
        redis.call('HSET', KEYS[1], 'status', 'failed', 'lastError', ARGV[2])
        redis.call('HDEL', KEYS[1], 'nextAttemptAt')
      end
      redis.call('ZREM', KEYS[2], ARGV[1])
      redis.call('HDEL', KEYS[3], ARGV[1])
      return 1
      """, LuaScript.Returns.INTEGER);

  private final Redis redis;

  public WebhookStore(Redis redis) {
    this.redis = redis;
  }

  static String stateKey(String id) {
    return TAGGED + "delivery-state:" + id;
  }

  static String bodyKey(String id) {
    return TAGGED + "delivery-body:" + id;
  }

  /** Where a delivery was kept, state and body in one JSON string, before they were apart. */
  static String combinedKey(String id) {
    return TAGGED + "delivery:" + id;
  }

  static String deliveriesOf(String subscriptionId) {
    return "crm:webhooks:subscription:" + subscriptionId + ":deliveries";
  }

  /** Where deliveries were kept before they shared the delivery scripts' hash tag. */
  static String legacyDeliveryKey(String id) {
    return "crm:webhooks:delivery:" + id;
  }

  /** Where an attempt log was kept before it shared the delivery scripts' hash tag. */
  static String legacyAttemptsOf(String subscriptionId) {
    return "crm:webhooks:subscription:" + subscriptionId + ":attempts";
  }

  static String attemptsOf(String subscriptionId) {
    return TAGGED + "subscription:" + subscriptionId + ":attempts";
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

  /**
   * Creates the delivery unless it exists, and makes it due now. It is listed under its
   * subscription either way (idempotent), so a fan-out repeated after a crash between the two
   * writes lists it too. @return true when new
   */
  public Future<Boolean> createDelivery(JsonObject delivery) {
    String id = delivery.getString("id");
    long now = Instant.now().toEpochMilli();
    List<String> args = new ArrayList<>(List.of(id, Long.toString(now), delivery.getString(DeliveryFields.BODY)));
    args.addAll(DeliveryFields.state(delivery));
    return CREATE.<Long>run(redis, new String[] {stateKey(id), bodyKey(id), DUE}, args.toArray(String[]::new))
        .compose(created -> SortedSets.addAbsent(redis, deliveriesOf(delivery.getString("subscriptionId")),
                List.of(new Scored(id, now)))
            .map(listed -> created == 1L));
  }

  /** The delivery, body included; null when there is none. */
  public Future<JsonObject> delivery(String id) {
    return Future.all(redis.call(c -> c.hgetall(stateKey(id))), redis.call(c -> c.get(bodyKey(id))))
        .map(read -> DeliveryFields.delivery(read.<Map<String, String>>resultAt(0), read.<String>resultAt(1)));
  }

  /** Ends a delivery without sending it (its subscription is gone or disabled): failed, off the schedule. */
  public Future<Void> endUnsent(String deliveryId, String reason) {
    return END_UNSENT.run(redis, new String[] {stateKey(deliveryId), DUE, LEASES}, deliveryId, reason).mapEmpty();
  }

  /**
   * Makes deliveries due at once again, pending with no attempts (their earlier attempts stay
   * logged): one script per slice of {@value #REQUEUE_SLICE}, which rewrites two state fields of each
   * and reads nothing back.
   *
   * @return how many of the ids were deliveries
   */
  public Future<Integer> requeue(List<String> ids, long nowMillis) {
    Future<Integer> chain = Future.succeededFuture(0);
    for (int from = 0; from < ids.size(); from += REQUEUE_SLICE) {
      List<String> slice = ids.subList(from, Math.min(ids.size(), from + REQUEUE_SLICE));
      chain = chain.compose(done -> requeueSlice(slice, nowMillis).map(requeued -> done + requeued));
    }
    return chain;
  }

  private Future<Integer> requeueSlice(List<String> ids, long nowMillis) {
    List<String> keys = new ArrayList<>(List.of(DUE));
    List<String> args = new ArrayList<>(List.of(Long.toString(nowMillis)));
    for (String id : ids) {
      keys.add(stateKey(id));
      args.add(id);
    }
    return REQUEUE.<Long>run(redis, keys.toArray(String[]::new), args.toArray(String[]::new)).map(Long::intValue);
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
    return claimDueDeliveries(nowMillis, limit, leaseUntilMillis, token)
        .map(claimed -> claimed.stream().map(Claimed::id).toList());
  }

  /** A claimed delivery: its id, and what is stored under it (null when nothing is). */
  public record Claimed(String id, JsonObject delivery) {}

  /** As {@link #claimDue}, with each delivery read in the same step. */
  public Future<List<Claimed>> claimDueDeliveries(long nowMillis, int limit, long leaseUntilMillis, String token) {
    return CLAIM_DUE.<List<Object>>run(redis, new String[] {DUE, LEASES},
            Long.toString(nowMillis), Integer.toString(limit), Long.toString(leaseUntilMillis), token,
            stateKey(""), bodyKey(""))
        .map(triples -> {
          List<Claimed> claimed = new ArrayList<>(triples.size() / 3);
          for (int i = 0; i + 2 < triples.size(); i += 3) {
            Object state = triples.get(i + 1);
            Object body = triples.get(i + 2);
            claimed.add(new Claimed((String) triples.get(i), DeliveryFields.delivery(
                Hashes.fieldsOf(state instanceof List<?> fields ? fields : List.of()),
                body instanceof String text ? text : null)));
          }
          return claimed;
        });
  }

  /** One attempt to record: the delivery as it is now, its log entry, its claim, when it is due next (null: done). */
  public record AttemptRecord(JsonObject delivery, JsonObject logEntry, String token, Long nextDueAtMillis) {}

  /**
   * Records an attempt in one step, if the claim with {@code token} still holds the delivery: writes
   * the state fields an attempt changes (never the body), logs the attempt (newest first, capped),
   * and schedules it at {@code nextDueAtMillis} or, when that is null, takes it off the schedule and
   * ends its lease.
   *
   * @return false when another claim holds the delivery; then nothing was written
   */
  public Future<Boolean> recordAttempt(JsonObject delivery, JsonObject attempt, String token, Long nextDueAtMillis) {
    return recordAttempts(List.of(new AttemptRecord(delivery, attempt, token, nextDueAtMillis))).map(all -> all.get(0));
  }

  /** As {@link #recordAttempt}, for several attempts in one step; one answer per attempt, in order. */
  public Future<List<Boolean>> recordAttempts(List<AttemptRecord> records) {
    List<String> keys = new ArrayList<>(List.of(DUE, LEASES));
    List<String> args = new ArrayList<>(List.of(Integer.toString(LOG_LENGTH)));
    for (AttemptRecord record : records) {
      JsonObject delivery = record.delivery();
      String id = delivery.getString("id");
      keys.add(stateKey(id));
      keys.add(attemptsOf(delivery.getString("subscriptionId")));
      List<String> changed = DeliveryFields.changedByAttempt(delivery);
      List<String> removed = DeliveryFields.absent(delivery);
      args.addAll(List.of(id, record.token(), record.logEntry().encode(),
          record.nextDueAtMillis() == null ? "" : Long.toString(record.nextDueAtMillis()),
          Integer.toString(changed.size() / 2), Integer.toString(removed.size())));
      args.addAll(changed);
      args.addAll(removed);
    }
    return RECORD_ATTEMPTS.<List<Object>>run(redis, keys.toArray(String[]::new), args.toArray(String[]::new))
        .map(answers -> answers.stream().map(answer -> Long.valueOf(1L).equals(answer)).toList());
  }

  /** Whether the claim with this token still holds the delivery (no other hub claimed it since). */
  public Future<Boolean> stillLeased(String deliveryId, String token) {
    return leaseTokens(List.of(deliveryId)).map(tokens -> token.equals(tokens.get(0)));
  }

  /** The token of each delivery's current claim, null where none holds it; one read for all. */
  public Future<List<String>> leaseTokens(List<String> deliveryIds) {
    return Hashes.values(redis, LEASES, deliveryIds);
  }

  /** Every delivery id the hub knows of: those on the schedule and those of every subscription. */
  private Future<java.util.Set<String>> everyDeliveryId() {
    Future<java.util.Set<String>> ids = redis.call(c -> c.zrange(DUE, 0, -1)).map(java.util.LinkedHashSet::new);
    return redis.call(c -> c.hkeys(SUBSCRIPTIONS)).compose(subscriptionIds -> {
      Future<java.util.Set<String>> all = ids;
      for (String subscriptionId : subscriptionIds) {
        all = all.compose(known -> redis.call(c -> c.zrange(deliveriesOf(subscriptionId), 0, -1)).map(more -> {
          known.addAll(more);
          return known;
        }));
      }
      return all;
    });
  }

  /** Runs {@code step} on every delivery id the hub knows of, one after the other (for a one-time migration). */
  Future<Void> forEachDeliveryId(java.util.function.Function<String, Future<Void>> step) {
    return everyDeliveryId().compose(ids -> {
      Future<Void> chain = Future.succeededFuture();
      for (String id : ids) {
        chain = chain.compose(v -> step.apply(id));
      }
      return chain;
    });
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

  // --- erasure

  /**
   * Deletes every delivery that {@code personal} says names erased data, judged by its state
   * and by its payload (a copy of an event), off the schedule and the subscription's list, with its entries in the
   * attempt log (which hold the receiver's answer).
   *
   * @return how many deliveries were deleted
   */
  public Future<Long> forgetDeliveries(java.util.function.Predicate<String> personal) {
    return redis.call(c -> c.hkeys(SUBSCRIPTIONS)).compose(subscriptionIds -> {
      Future<Long> chain = Future.succeededFuture(0L);
      for (String subscriptionId : subscriptionIds) {
        chain = chain.compose(done -> forgetDeliveriesOf(subscriptionId, personal).map(forgotten -> done + forgotten));
      }
      return chain;
    });
  }

  /** Where forgetting a subscription's deliveries stands: the next page's start, how many so far, and whether it ended. */
  private record Forgetting(long start, long forgotten, boolean ended) {}

  private Future<Long> forgetDeliveriesOf(String subscriptionId, java.util.function.Predicate<String> personal) {
    return AsyncLoop.iterate(new Forgetting(0, 0, false), Forgetting::ended, at ->
        redis.call(c -> c.zrange(deliveriesOf(subscriptionId), at.start(), at.start() + REQUEUE_SLICE - 1))
            .compose(ids -> {
              if (ids.isEmpty()) {
                return Future.succeededFuture(new Forgetting(at.start(), at.forgotten(), true));
              }
              return Future.all(ids.stream().map(this::delivery).toList()).compose(stored -> {
                List<String> named = new ArrayList<>();
                for (int i = 0; i < ids.size(); i++) {
                  JsonObject delivery = stored.resultAt(i);
                  if (delivery != null && (personal.test(delivery.getString(DeliveryFields.BODY))
                      || personal.test(delivery.copy().put(DeliveryFields.BODY, "").encode()))) {
                    named.add(ids.get(i));
                  }
                }
                Future<Void> deleted = named.isEmpty() ? Future.succeededFuture() : forget(subscriptionId, named);
                // the deleted ones leave the list, so the next page starts that many earlier
                return deleted.map(v -> new Forgetting(at.start() + ids.size() - named.size(),
                    at.forgotten() + named.size(), ids.size() < REQUEUE_SLICE));
              });
            }))
        .map(Forgetting::forgotten);
  }

  private Future<Void> forget(String subscriptionId, List<String> deliveryIds) {
    List<String> keys = new ArrayList<>(List.of(DUE, LEASES, attemptsOf(subscriptionId)));
    deliveryIds.forEach(id -> {
      keys.add(stateKey(id));
      keys.add(bodyKey(id));
    });
    return FORGET.run(redis, keys.toArray(String[]::new), deliveryIds.toArray(String[]::new))
        .compose(v -> redis.call(c -> c.zrem(deliveriesOf(subscriptionId), deliveryIds.toArray(String[]::new))))
        .mapEmpty();
  }

  /**
   * KEYS: the schedule, the leases, the attempt log, then each delivery's state and body; ARGV: the
   * delivery ids.
   * Attempt log entries name their delivery by id; those of the deleted ones go.
   */
  private static final LuaScript FORGET = new LuaScript("""
      local gone = {}
      for i, id in ipairs(ARGV) do
        gone[id] = true
        redis.call('ZREM', KEYS[1], id)
        redis.call('HDEL', KEYS[2], id)
        redis.call('DEL', KEYS[2 + 2 * i], KEYS[3 + 2 * i])
      end
      for _, entry in ipairs(redis.call('LRANGE', KEYS[3], 0, -1)) do
        local ok, attempt = pcall(cjson.decode, entry)
        if ok and type(attempt) == 'table' and gone[attempt['deliveryId']] then
          redis.call('LREM', KEYS[3], 0, entry)
        end
      end
      return 1
      """, LuaScript.Returns.INTEGER);

  // --- attempt log

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
