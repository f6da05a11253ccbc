package org.crmhub.hub.privacy;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crmhub.hub.Ids;
import org.crmhub.hub.redis.LuaScript;
import org.crmhub.hub.redis.Redis;

/**
 * Erasures as durable jobs in Redis: a request is stored before it is answered, and stays pending
 * until every step has run, so a hub stopped half-way leaves it for the next one to finish. Every
 * key shares the hash tag {@code {erasure}}, so a request is stored in one script.
 *
 * <p>While a job runs, its scope (the customers, conversations, identities and attachment digests
 * it covers) is kept beside it, so a job taken over after a crash still knows what it was erasing
 * when some of it is gone already; the scope goes with the job's completion.
 */
public final class ErasureJobs {

  private static final String PREFIX = "crm:{erasure}:";
  /** pending job ids, scored by when they were asked for */
  private static final String PENDING = PREFIX + "pending";
  /** every job id, scored by when it was asked for */
  private static final String ALL = PREFIX + "all";

  /** What a job's scope holds. */
  enum Part {
    CUSTOMERS, CONVERSATIONS, IDENTITIES, MERGES, DIGESTS, ACCOUNTS
  }

  private static String job(String id) {
    return PREFIX + "job:" + id;
  }

  /** customer id -> its pending job, so asking twice gives the one job */
  private static String ofCustomer(String customerId) {
    return PREFIX + "customer:" + customerId;
  }

  private static String scopeKey(String id, Part part) {
    return job(id) + ":" + part.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static final LuaScript REQUEST = new LuaScript("""
      local existing = redis.call('GET', KEYS[1])
      if existing then return existing end
      redis.call('SET', KEYS[1], ARGV[1])
      redis.call('HSET', KEYS[2], 'id', ARGV[1], 'kind', 'customer', 'customerId', ARGV[2], 'actor', ARGV[3],
        'reason', ARGV[4], 'requestedAt', ARGV[5], 'status', 'pending')
      redis.call('ZADD', KEYS[3], ARGV[6], ARGV[1])
      redis.call('ZADD', KEYS[4], ARGV[6], ARGV[1])
      return ARGV[1]
      """, LuaScript.Returns.VALUE);

  private static final LuaScript COMPLETE = new LuaScript("""
      redis.call('HSET', KEYS[1], 'status', 'completed', 'completedAt', ARGV[2])
      redis.call('HDEL', KEYS[1], 'scoped')
      redis.call('ZREM', KEYS[2], ARGV[1])
      for i = 3, #KEYS do redis.call('DEL', KEYS[i]) end
      return 1
      """, LuaScript.Returns.INTEGER);

  private final Redis redis;

  public ErasureJobs(Redis redis) {
    this.redis = redis;
  }

  /** Stores a request (or finds the pending one for the same customer) and answers the job. */
  public Future<Erasure> request(String customerId, String actor, String reason, Instant at) {
    String id = Ids.next("er");
    String[] keys = {ofCustomer(customerId), job(id), PENDING, ALL};
    return REQUEST.<String>run(redis, keys, id, customerId, actor, reason, at.toString(),
            Long.toString(at.toEpochMilli()))
        .compose(this::find);
  }

  /**
   * Stores a retention job for these conversations, its scope taken already; the job.
   */
  public Future<Erasure> requestRetention(java.util.Collection<String> conversationIds, String reason, Instant at) {
    String id = Ids.next("er");
    String[] keys = {job(id), PENDING, ALL, scopeKey(id, Part.CONVERSATIONS)};
    List<String> args = new java.util.ArrayList<>(List.of(id, reason, at.toString(), Long.toString(at.toEpochMilli())));
    args.addAll(conversationIds);
    return REQUEST_RETENTION.<Long>run(redis, keys, args.toArray(String[]::new)).compose(v -> find(id));
  }

  private static final LuaScript REQUEST_RETENTION = new LuaScript("""
      redis.call('HSET', KEYS[1], 'id', ARGV[1], 'kind', 'retention', 'actor', 'retention', 'reason', ARGV[2],
        'requestedAt', ARGV[3], 'status', 'pending', 'scoped', '1')
      for i = 5, #ARGV do redis.call('SADD', KEYS[4], ARGV[i]) end
      redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
      redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
      return 1
      """, LuaScript.Returns.INTEGER);

  /** Whether a retention job is pending (one at a time: the next batch waits for it). */
  Future<Boolean> retentionPending() {
    return pending(100).compose(ids -> Future.all(ids.stream().map(this::find).toList()))
        .map(found -> found.<Erasure>list().stream().anyMatch(job -> job != null && job.ofRetention()));
  }

  /** The job, or null when there is none. */
  public Future<Erasure> find(String id) {
    return redis.call(c -> c.hgetall(job(id))).map(Erasure::ofStored);
  }

  /** Up to {@code limit} pending job ids, oldest first. */
  public Future<List<String>> pending(int limit) {
    return redis.call(c -> c.zrange(PENDING, 0, limit - 1));
  }

  /** Up to {@code limit} jobs, newest first. */
  public Future<List<Erasure>> newest(int limit) {
    return redis.call(c -> c.zrevrange(ALL, 0, limit - 1))
        .compose(ids -> Future.all(ids.stream().map(this::find).toList()))
        .map(found -> found.<Erasure>list().stream().filter(java.util.Objects::nonNull).toList());
  }

  /** Whether the job's scope was taken already (then it only grows, never shrinks). */
  Future<Boolean> scoped(String id) {
    return redis.call(c -> c.hexists(job(id), "scoped"));
  }

  Future<Void> markScoped(String id) {
    return redis.call(c -> c.hset(job(id), "scoped", "1")).mapEmpty();
  }

  Future<Void> addToScope(String id, Part part, Set<String> members) {
    if (members.isEmpty()) {
      return Future.succeededFuture();
    }
    return redis.call(c -> c.sadd(scopeKey(id, part), members.toArray(String[]::new))).mapEmpty();
  }

  Future<Set<String>> scope(String id, Part part) {
    return redis.call(c -> c.smembers(scopeKey(id, part)));
  }

  /** Adds to the job's counts of what it removed (kept as it goes, so a job taken over adds on). */
  Future<Void> count(String id, Map<String, Long> erased) {
    if (erased.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<Long>> added = new java.util.ArrayList<>();
    erased.forEach((kind, count) -> added.add(redis.call(c -> c.hincrby(job(id), Erasure.COUNT_PREFIX + kind, count))));
    return Future.all(added).mapEmpty();
  }

  /** Ends the job: its record stays, its scope (which names personal data) goes. */
  Future<Void> complete(Erasure job, Instant at) {
    List<String> keys = new java.util.ArrayList<>(List.of(job(job.id()), PENDING,
        ofCustomer(job.customerId() == null ? "-" : job.customerId())));
    for (Part part : Part.values()) {
      keys.add(scopeKey(job.id(), part));
    }
    return COMPLETE.run(redis, keys.toArray(String[]::new), job.id(), at.toString()).mapEmpty();
  }
}
