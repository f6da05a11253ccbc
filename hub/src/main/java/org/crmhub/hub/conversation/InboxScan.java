package org.crmhub.hub.conversation;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.hub.redis.LuaScript;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.Scored;

/**
 * Finds a page of one inbox index's members, in its order, that are also in every one of a few
 * other index sets (the filters), inside Redis: a list with several filters, or a sorted list with
 * one, costs one script instead of loading every candidate conversation into the hub. Two ways:
 * walk the index and look each member up in the filter sets (cheap while matches are common), or,
 * when a filter set is small and matches are rare, intersect the sets (ZINTER, the index's scores
 * kept) and page through the result: an agent's pending conversations, most negative first, would
 * otherwise walk thousands of members for a page. All the sets share the {@code {inbox}} hash tag,
 * so this is one command in a cluster.
 */
final class InboxScan {

  /**
   * KEYS: the index, then the filter sets. ARGV: ascending (1/0), has a start (1/0), the start's
   * score and id (the page begins after it), matches wanted, most members a walk looks at, most
   * members the smallest set may have for an intersection (0: never), intersect whenever allowed
   * (1/0; else only when a walk is expected to look at more members than the intersection). Returns
   * {matches as member, score, ...; 1 when the index ended; the last member and score looked at}.
   * A walk steps by rank, not score, so a long run of equal scores costs no rescans; the
   * intersection is ordered as the index is (by score, then member bytes).
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
      local function isAfterStart(value, member)
        if not hasStart then return true end
        if value ~= startScore then
          if ascending then return value > startScore end
          return value < startScore
        end
        if ascending then return before(startId, member) end
        return before(member, startId)
      end
      local matches = {}
      local found = 0
      local lastMember, lastScore = '', ''

      local intersectLimit = tonumber(ARGV[7])
      if #KEYS > 1 and intersectLimit > 0 then
        local indexSize = redis.call('ZCARD', index)
        local smallest, selectivity = indexSize, 1
        for k = 2, #KEYS do
          local size = redis.call('ZCARD', KEYS[k])
          smallest = math.min(smallest, size)
          selectivity = selectivity * (indexSize > 0 and math.min(1, size / indexSize) or 0)
        end
        -- a walk looks up each member it passes from Lua (about 2 us each); the intersection each
        -- member of the smallest set in C (about 0.3 us): measured ratios, see MAX_INTERSECTED
        local expectedWalk = selectivity > 0 and wanted / selectivity or math.huge
        if smallest <= intersectLimit and (ARGV[8] == '1' or expectedWalk > smallest / 7) then
          local command = {'ZINTER', #KEYS}
          for k = 1, #KEYS do command[#command + 1] = KEYS[k] end
          command[#command + 1] = 'WEIGHTS'
          command[#command + 1] = 1
          for k = 2, #KEYS do command[#command + 1] = 0 end
          command[#command + 1] = 'WITHSCORES'
          local all = redis.call(unpack(command))
          local count = #all / 2
          local from, to, step = 1, count, 1
          if not ascending then from, to, step = count, 1, -1 end
          for i = from, to, step do
            local member, score = all[2 * i - 1], all[2 * i]
            if isAfterStart(tonumber(score), member) then
              lastMember, lastScore = member, score
              matches[#matches + 1] = member
              matches[#matches + 1] = score
              found = found + 1
              if found == wanted then
                return {matches, i == to and 1 or 0, lastMember, lastScore}
              end
            end
          end
          return {matches, 1, lastMember, lastScore}
        end
      end

      -- the walk starts at the first member not before the start's score
      local rank = 0
      if hasStart then
        if ascending then
          rank = redis.call('ZCOUNT', index, '-inf', '(' .. ARGV[3])
        else
          rank = redis.call('ZCOUNT', index, '(' .. ARGV[3], '+inf')
        end
      end
      local looked = 0
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
          if isAfterStart(tonumber(score), member) then
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

  /** How a scan finds its page: by the cheaper way for the sets' sizes, or (for tests) always one way. */
  enum Plan { CHEAPER, WALK, INTERSECT }

  /**
   * The most members the smallest set may have for an intersection. Measured on Redis 7.0 (sets of
   * 100,000, 15,000 and 3,575 members): 1.1 ms for the intersection, about 0.3 µs per member of the
   * smallest set, so at most about 3 ms; a walk costs about 2 µs per member it passes.
   */
  static final int MAX_INTERSECTED = 10_000;

  private final Redis redis;
  private final Plan plan;

  InboxScan(Redis redis, Plan plan) {
    this.redis = redis;
    this.plan = plan;
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
            hasStart ? score(afterScore) : "0", hasStart ? afterId : "", Integer.toString(wanted), Integer.toString(budget),
            Integer.toString(plan == Plan.WALK ? 0 : MAX_INTERSECTED), plan == Plan.INTERSECT ? "1" : "0")
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
