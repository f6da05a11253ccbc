package org.crmhub.hub.customer;

import io.vertx.core.Future;
import org.crmhub.hub.redis.LuaScript;
import org.crmhub.hub.redis.Redis;

/** Compare-and-set on one key, so two hubs starting a conversation for one customer agree on one. */
final class OpenConversationSwap {

  private static final LuaScript SWAP = new LuaScript("""
      local current = redis.call('GET', KEYS[1])
      if (current == false and ARGV[1] == '') or current == ARGV[1] then
        redis.call('SET', KEYS[1], ARGV[2])
        return ARGV[2]
      end
      return current
      """, LuaScript.Returns.VALUE);

  private OpenConversationSwap() {}

  static Future<String> run(Redis redis, String key, String expected, String next) {
    return SWAP.run(redis, new String[] {key}, expected == null ? "" : expected, next);
  }
}
