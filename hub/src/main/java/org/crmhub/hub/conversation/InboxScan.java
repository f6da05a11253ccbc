package org.crmhub.hub.conversation;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.hub.redis.LuaScript;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.Scored;

/**
 * Walks one inbox index in order inside Redis and keeps only the conversations that are also in
 * every one of a few other index sets (the filters), so a list with several filters, or a sorted
 * list with one, costs one script of set lookups instead of loading every candidate conversation
 * into the hub. All the sets share the {@code {inbox}} hash tag, so this is one command in a cluster.
 */
final class InboxScan {

  /**
   * KEYS: the index walked, then the filter sets. ARGV: ascending (1/0), has a start (1/0), the start's
   * score and id (the walk begins after it), matches wanted, most members to look at. Returns
   * {matches as member, score, ...; 1 when the index ended; the last member and score looked at}.
   * Ranks, not scores, step through the index, so a long run of equal scores costs no rescans.
   */
  private static final LuaScript SCAN = new LuaScript("""
      -- byte order, as Redis orders equal scores (Lua's own < follows the server's locale)
      local function before(a, b)
        local n = math.min(#a, #b)
        for i = 1, n do
          local x, y = string.byte(a, i), string.byte(b, i)
          if x ~= y then return x < y end
        end
        return #a < #b
      end
      local index = KEYS[1]
      local ascending = ARGV[1] == '1'
      local hasStart = ARGV[2] == '1'
      local startScore = tonumber(ARGV[3])
      local startId = ARGV[4]
      local wanted = tonumber(ARGV[5])
      local budget = tonumber(ARGV[6])
      local rank = 0
      if hasStart then
        if ascending then
          rank = redis.call('ZCOUNT', index, '-inf', '(' .. ARGV[3])
        else
          rank = redis.call('ZCOUNT', index, '(' .. ARGV[3], '+inf')
        end
      end
      local matches = {}
      local found = 0
      local looked = 0
      local lastMember, lastScore = '', ''
      local batch = 200
      while looked < budget do
        local page
        if ascending then
          page = redis.call('ZRANGE', index, rank, rank + batch - 1, 'WITHSCORES')
        else
          page = redis.call('ZREVRANGE', index, rank, rank + batch - 1, 'WITHSCORES')
        end
        for i = 1, #page, 2 do
          local member, score = page[i], page[i + 1]
          rank = rank + 1
          local value = tonumber(score)
          local after = true
          if hasStart then
            if value == startScore then
              if ascending then after = before(startId, member) else after = before(member, startId) end
            end
          end
          if after then
            looked = looked + 1
            lastMember, lastScore = member, score
            local keep = true
            for k = 2, #KEYS do
              if not redis.call('ZSCORE', KEYS[k], member) then
                keep = false
                break
              end
            end
            if keep then
              matches[#matches + 1] = member
              matches[#matches + 1] = score
              found = found + 1
              if found == wanted then
                return {matches, 0, lastMember, lastScore}
              end
            end
          end
        end
        if #page < 2 * batch then
          return {matches, 1, lastMember, lastScore}
        end
      end
      return {matches, 0, lastMember, lastScore}
      """, LuaScript.Returns.LIST);

  /**
   * @param matches in the index's order
   * @param exhausted the walk reached the index's end
   * @param last the last member looked at (null when none), where a walk cut short by its budget resumes
   */
  record Result(List<Scored> matches, boolean exhausted, Scored last) {}

  private final Redis redis;

  InboxScan(Redis redis) {
    this.redis = redis;
  }

  /**
   * @param afterScore, afterId where to begin (after this position), or {@code afterId} null for the start
   * @param wanted stop once this many matched
   * @param budget stop once this many members after the start were looked at
   */
  Future<Result> scan(String index, List<String> filterSets, boolean ascending, double afterScore, String afterId,
      int wanted, int budget) {
    String[] keys = new String[filterSets.size() + 1];
    keys[0] = index;
    for (int i = 0; i < filterSets.size(); i++) {
      keys[i + 1] = filterSets.get(i);
    }
    boolean hasStart = afterId != null;
    return SCAN.<List<Object>>run(redis, keys, ascending ? "1" : "0", hasStart ? "1" : "0",
            hasStart ? score(afterScore) : "0", hasStart ? afterId : "", Integer.toString(wanted), Integer.toString(budget))
        .map(InboxScan::result);
  }

  /** Redis reads {@code inf} and {@code -inf}; Java's own infinity text it does not. */
  private static String score(double score) {
    if (Double.isInfinite(score)) {
      return score > 0 ? "inf" : "-inf";
    }
    return Double.toString(score);
  }

  private static Result result(List<Object> reply) {
    List<?> flat = (List<?>) reply.get(0);
    List<Scored> matches = new ArrayList<>(flat.size() / 2);
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      matches.add(new Scored(text(flat.get(i)), Double.parseDouble(text(flat.get(i + 1)))));
    }
    boolean exhausted = ((Number) reply.get(1)).longValue() == 1;
    String lastMember = text(reply.get(2));
    Scored last = lastMember.isEmpty() ? null : new Scored(lastMember, Double.parseDouble(text(reply.get(3))));
    return new Result(matches, exhausted, last);
  }

  private static String text(Object value) {
    return value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(value);
  }
}
