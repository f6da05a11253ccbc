package org.crmhub.hub.conversation;

import org.crmhub.hub.redis.LuaScript;

/**
 * How a conversation's recency-weighted sentiment is computed in Redis: the Lua functions the
 * scripts that change it share (a message added, a correction made or undone), and the script
 * that recomputes it after a correction.
 */
final class ConversationSentiment {

  private ConversationSentiment() {}

  /**
   * Lua functions, put before a script's own text: {@code blendSentiment(newer, older)} weighs a
   * newer message's compound 0.6 against the score before it; {@code sentimentLabel(score)} cuts
   * at VADER's ±0.05; {@code scoredCount(conversationKey, previousScore)} is how many messages
   * count (2 for a conversation scored before the count was kept, as any count above 1 behaves).
   */
  static final String FUNCTIONS = """
      local function blendSentiment(newer, older)
        return 0.6 * newer + 0.4 * older
      end
      local function sentimentLabel(score)
        if score >= 0.05 then return 'positive' elseif score <= -0.05 then return 'negative' end
        return 'neutral'
      end
      local function scoredCount(conversationKey, previousScore)
        return tonumber(redis.call('HGET', conversationKey, 'sentimentCount') or (previousScore and '2' or '0'))
      end
      """;

  /** Newest messages that count, folded oldest first: older ones weigh under 0.4^30 of a newest. */
  static final int FOLDED_MESSAGES = 30;
  /** Timeline entries looked at for them at most (staff replies and notes are in the timeline too). */
  static final int SCANNED_ENTRIES = 2_000;

  /**
   * KEYS: the conversation, its messages, its timeline, its sentiment corrections. ARGV: the
   * message id; the correction's JSON, or '' to undo the message's correction; how many messages
   * to fold; how many timeline entries to look at for them at most.
   *
   * <p>Sets (or removes) the correction, then recomputes the conversation's sentiment as if each
   * message that counts (scored by the analyser, or corrected by a person) had been filed in time
   * order: the newest {@value #FOLDED_MESSAGES} of them, with the corrected compound where there is
   * one. Bumps the version. Answers {'missing-conversation'}, {'missing-message'},
   * {'not-customer'} (a staff reply or note), or {'changed' | 'unchanged', the message JSON, the
   * correction JSON now ('' for none), the conversation's fields...}.
   */
  static final LuaScript CORRECT = new LuaScript(FUNCTIONS + """
      if redis.call('EXISTS', KEYS[1]) == 0 then return {'missing-conversation'} end
      local stored = redis.call('HGET', KEYS[2], ARGV[1])
      if not stored then return {'missing-message'} end
      local message = cjson.decode(stored)
      if message.direction ~= 'inbound' or type(message.sentiment) ~= 'table' then return {'not-customer'} end
      local function counts(decoded, correction)
        return correction or decoded.sentiment.scored ~= false
      end
      local before = redis.call('HGET', KEYS[4], ARGV[1])
      local after = ARGV[2] ~= '' and ARGV[2] or false
      if not before and not after then
        local fields = redis.call('HGETALL', KEYS[1])
        table.insert(fields, 1, '')
        table.insert(fields, 1, stored)
        table.insert(fields, 1, 'unchanged')
        return fields
      end
      if after then
        redis.call('HSET', KEYS[4], ARGV[1], after)
      else
        redis.call('HDEL', KEYS[4], ARGV[1])
      end
      local previous = redis.call('HGET', KEYS[1], 'sentiment')
      local count = scoredCount(KEYS[1], previous)
          + (counts(message, after) and 1 or 0) - (counts(message, before) and 1 or 0)
      local compounds = {}
      local newestAt = false
      local start = 0
      while #compounds < tonumber(ARGV[3]) and start < tonumber(ARGV[4]) do
        local page = redis.call('ZREVRANGE', KEYS[3], start, start + 99, 'WITHSCORES')
        if #page == 0 then break end
        local ids = {}
        for i = 1, #page, 2 do ids[#ids + 1] = page[i] end
        local jsons = redis.call('HMGET', KEYS[2], unpack(ids))
        local corrections = redis.call('HMGET', KEYS[4], unpack(ids))
        for i = 1, #ids do
          if jsons[i] and #compounds < tonumber(ARGV[3]) then
            local each = cjson.decode(jsons[i])
            if each.direction == 'inbound' and type(each.sentiment) == 'table' and counts(each, corrections[i]) then
              local compound = corrections[i] and cjson.decode(corrections[i]).compound or each.sentiment.compound
              compounds[#compounds + 1] = tonumber(compound)
              if not newestAt then newestAt = page[2 * i] end
            end
          end
        end
        start = start + 100
      end
      if #compounds == 0 then
        redis.call('HDEL', KEYS[1], 'sentiment', 'sentimentLabel', 'sentimentNewest', 'sentimentAtMs', 'sentimentCount')
      else
        local score = compounds[#compounds]
        for i = #compounds - 1, 1, -1 do score = blendSentiment(compounds[i], score) end
        redis.call('HSET', KEYS[1], 'sentiment', string.format('%.4f', score), 'sentimentLabel', sentimentLabel(score),
          'sentimentNewest', tostring(compounds[1]), 'sentimentAtMs', newestAt, 'sentimentCount', math.max(count, #compounds))
      end
      redis.call('HINCRBY', KEYS[1], 'version', 1)
      local fields = redis.call('HGETALL', KEYS[1])
      table.insert(fields, 1, after or '')
      table.insert(fields, 1, stored)
      table.insert(fields, 1, 'changed')
      return fields
      """, LuaScript.Returns.LIST);
}
