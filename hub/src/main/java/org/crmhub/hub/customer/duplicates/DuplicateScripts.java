package org.crmhub.hub.customer.duplicates;

import org.crmhub.hub.redis.LuaScript;

/**
 * The index's Lua scripts: each change to pairs, per-customer lists, name groups and dismissals
 * happens at once, so concurrent contacts, merges and dismissals never leave a pair half there.
 * ARGV[1] is always {@link DuplicateKeys#PREFIX}; KEYS[1] a key under it, so the cluster routes
 * the script to the {@code {dup}} slot every key it derives lives in.
 */
final class DuplicateScripts {

  private DuplicateScripts() {}

  private static final String PRELUDE = """
      local P = ARGV[1]
      local STRONG = %d
      local function pairId(x, y)
        local a, b = x, y
        if b < a then a, b = b, a end
        return 'dp_' .. string.sub(redis.sha1hex(a .. '|' .. b), 1, 24), a, b
      end
      local function drop(id)
        local key = P .. 'pair:' .. id
        local ab = redis.call('HMGET', key, 'a', 'b')
        redis.call('DEL', key)
        redis.call('ZREM', P .. 'pairs', id)
        if ab[1] then redis.call('ZREM', P .. 'of:' .. ab[1], id) end
        if ab[2] then redis.call('ZREM', P .. 'of:' .. ab[2], id) end
      end
      local function suggest(x, y, field, reason, score, strong, since)
        local id, a, b = pairId(x, y)
        if redis.call('HEXISTS', P .. 'dismissed', id) == 1 then return 0 end
        if redis.call('SISMEMBER', P .. 'gone', a) == 1 or redis.call('SISMEMBER', P .. 'gone', b) == 1 then return 0 end
        local key = P .. 'pair:' .. id
        redis.call('HSETNX', key, 'a', a)
        redis.call('HSETNX', key, 'b', b)
        redis.call('HSETNX', key, 'since', since)
        redis.call('HSET', key, field, reason)
        local old = redis.call('ZSCORE', P .. 'pairs', id)
        if (not old) or (strong and tonumber(old) < STRONG) then
          redis.call('ZADD', P .. 'pairs', score, id)
          redis.call('ZADD', P .. 'of:' .. a, score, id)
          redis.call('ZADD', P .. 'of:' .. b, score, id)
        end
        return 1
      end
      """.formatted(DuplicateScores.STRONG);

  /** ARGV: prefix, customer, owner, reason field, reason JSON, score, since */
  static final LuaScript IDENTITY_CLAIMED_TWICE = new LuaScript(PRELUDE + """
      return suggest(ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], true, ARGV[7])
      """, LuaScript.Returns.INTEGER);

  /**
   * ARGV: prefix, customer, group, most members, reason field, reason JSON, score, since. Joins the
   * group and pairs the customer with its other members; a group that grows past the limit is a
   * name too common to mean anything, and loses the pairs it made.
   */
  static final LuaScript NAMED_WITH_EMAIL = new LuaScript(PRELUDE + """
      local c = ARGV[2]
      if redis.call('SISMEMBER', P .. 'gone', c) == 1 then return 0 end
      local group = P .. 'named:' .. ARGV[3]
      redis.call('SADD', P .. 'groups:' .. c, ARGV[3])
      if redis.call('SADD', group, c) == 0 then return 0 end
      local members = redis.call('SMEMBERS', group)
      local limit = tonumber(ARGV[4])
      if #members > limit then
        if #members == limit + 1 then
          for i = 1, #members do
            for j = i + 1, #members do
              local id = pairId(members[i], members[j])
              local key = P .. 'pair:' .. id
              if redis.call('HDEL', key, ARGV[5]) == 1 then
                local left = false
                for _, field in ipairs(redis.call('HKEYS', key)) do
                  if string.sub(field, 1, 4) == 'why:' then left = true end
                end
                if not left then drop(id) end
              end
            end
          end
        end
        return 0
      end
      for _, m in ipairs(members) do
        if m ~= c then suggest(m, c, ARGV[5], ARGV[6], ARGV[7], false, ARGV[8]) end
      end
      return 1
      """, LuaScript.Returns.INTEGER);

  /** ARGV: prefix, absorbed customer. Drops its pairs, leaves its name groups, and keeps it from new ones. */
  static final LuaScript MERGED_AWAY = new LuaScript(PRELUDE + """
      local c = ARGV[2]
      for _, id in ipairs(redis.call('ZRANGE', P .. 'of:' .. c, 0, -1)) do drop(id) end
      redis.call('DEL', P .. 'of:' .. c)
      for _, g in ipairs(redis.call('SMEMBERS', P .. 'groups:' .. c)) do redis.call('SREM', P .. 'named:' .. g, c) end
      redis.call('DEL', P .. 'groups:' .. c)
      redis.call('SADD', P .. 'gone', c)
      return 1
      """, LuaScript.Returns.INTEGER);

  /** ARGV: prefix, customer, other customer, dismissal JSON. */
  static final LuaScript DISMISS = new LuaScript(PRELUDE + """
      local id = pairId(ARGV[2], ARGV[3])
      redis.call('HSET', P .. 'dismissed', id, ARGV[4])
      drop(id)
      return 1
      """, LuaScript.Returns.INTEGER);

  /**
   * KEYS[1]: the index to read; ARGV: prefix, highest score ({@code +inf} or the cursor's), the
   * cursor's pair id ('' for none), page size. Returns pair id, score, … for up to size + 1
   * pairs after the cursor (pairs tying with its score come ordered by id, descending), so the
   * caller knows whether more follow. Reads at most a bounded number of batches.
   */
  static final LuaScript PAGE = new LuaScript(PRELUDE + """
      local top, after, want = ARGV[2], ARGV[3], tonumber(ARGV[4]) + 1
      local out = {}
      local offset = 0
      for round = 1, 20 do
        local batch = redis.call('ZREVRANGEBYSCORE', KEYS[1], top, '-inf', 'WITHSCORES', 'LIMIT', offset, 100)
        for i = 1, #batch, 2 do
          local id, score = batch[i], batch[i + 1]
          if after == '' or tonumber(score) < tonumber(top) or id < after then
            out[#out + 1] = id
            out[#out + 1] = score
            if #out >= want * 2 then return out end
          end
        end
        if #batch < 200 then return out end
        offset = offset + 100
      end
      return out
      """, LuaScript.Returns.LIST);
}
