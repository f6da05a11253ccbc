package org.crmhub.portal;

/**
 * The Lua scripts behind every attempt limit, the portal's and the hub's sign-in limits alike:
 * checking and counting in one script is what keeps parallel attempts from all reading "below
 * the limit" before any of them counts.
 */
public final class AttemptScripts {

  /**
   * KEYS share one hash tag; ARGV[1] is the window in seconds, ARGV[1 + i] the limit of KEYS[i].
   * While any counter is full nothing is counted and the answer is {seconds to wait, 0}; else
   * every counter is counted and the answer is {0, 1 if this attempt filled the first counter}.
   */
  public static final String TAKE = """
      local window = tonumber(ARGV[1])
      local wait = 0
      for i, key in ipairs(KEYS) do
        if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[i + 1]) then
          local ttl = redis.call('TTL', key)
          if ttl < 1 then
            redis.call('EXPIRE', key, window)
            ttl = window
          end
          if ttl > wait then wait = ttl end
        end
      end
      if wait > 0 then return {wait, 0} end
      local filled = 0
      for i, key in ipairs(KEYS) do
        local count = redis.call('INCR', key)
        if count == 1 then redis.call('EXPIRE', key, window) end
        if i == 1 and count == tonumber(ARGV[i + 1]) then filled = 1 end
      end
      return {0, filled}
      """;

  /** Gives one attempt back on every counter that still has it (a successful attempt does not count). */
  public static final String GIVE_BACK = """
      for _, key in ipairs(KEYS) do
        if tonumber(redis.call('GET', key) or '0') > 0 then redis.call('DECR', key) end
      end
      return {0}
      """;

  private AttemptScripts() {}
}
