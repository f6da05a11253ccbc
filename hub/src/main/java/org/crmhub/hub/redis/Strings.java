package org.crmhub.hub.redis;

import io.lettuce.core.SetArgs;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/** String-value commands that need Lettuce's argument types, kept in this package. */
public final class Strings {

  private Strings() {}

  /** SET NX PX: stores the value for {@code ttl} unless the key exists; whether it stored it. */
  public static Future<Boolean> setIfAbsent(Redis redis, String key, String value, Duration ttl) {
    return redis.call(c -> c.set(key, value, SetArgs.Builder.nx().px(ttl.toMillis()))).map(reply -> reply != null);
  }

  /** MGET: each key's value, in the keys' order, null where there is none (keys of one hash tag in a cluster). */
  public static Future<List<String>> values(Redis redis, String... keys) {
    return redis.call(c -> c.mget(keys))
        .map(found -> found.stream().map(value -> value.hasValue() ? value.getValue() : null).toList());
  }

  /**
   * Deletes the key only while it holds {@code expected} (a binding that moved on is someone
   * else's); whether it deleted it.
   */
  public static Future<Boolean> deleteIfEquals(Redis redis, String key, String expected) {
    return DELETE_IF_EQUALS.<Long>run(redis, new String[] {key}, expected).map(deleted -> deleted == 1L);
  }

  private static final LuaScript DELETE_IF_EQUALS = new LuaScript("""
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
      return 0
      """, LuaScript.Returns.INTEGER);
}
