package org.crmhub.hub.channels;

import io.vertx.core.Future;
import java.time.Duration;
import org.crmhub.connector.Leases;
import org.crmhub.hub.redis.LuaScript;
import org.crmhub.hub.redis.Redis;

/**
 * Leases as Redis keys holding the holder's id with a time to live. Taking and renewing are one
 * script each, so a lease that lapsed and was taken by another hub is never renewed by the old one.
 */
public final class RedisLeases implements Leases {

  private static final LuaScript ACQUIRE = new LuaScript("""
      local holder = redis.call('GET', KEYS[1])
      if holder == ARGV[1] then
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
      end
      if holder then return 0 end
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
      return 1
      """, LuaScript.Returns.INTEGER);

  private static final LuaScript RELEASE = new LuaScript("""
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1])
      end
      return 0
      """, LuaScript.Returns.INTEGER);

  private final Redis redis;
  private final String holderId;

  /** @param holderId this hub process, unique among the hubs sharing the Redis */
  public RedisLeases(Redis redis, String holderId) {
    this.redis = redis;
    this.holderId = holderId;
  }

  @Override
  public Future<Boolean> acquire(String name, Duration ttl) {
    return ACQUIRE.<Long>run(redis, new String[] {ChannelKeys.lease(name)}, holderId, Long.toString(ttl.toMillis()))
        .map(held -> held == 1L);
  }

  /** Whether any hub holds the lease now. */
  public Future<Boolean> held(String name) {
    return redis.call(c -> c.exists(ChannelKeys.lease(name))).map(count -> count > 0);
  }

  @Override
  public Future<Void> release(String name) {
    return RELEASE.run(redis, new String[] {ChannelKeys.lease(name)}, holderId).mapEmpty();
  }
}
