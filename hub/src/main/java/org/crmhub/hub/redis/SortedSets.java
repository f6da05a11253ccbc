package org.crmhub.hub.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ZAddArgs;
import io.vertx.core.Future;
import java.util.List;

/** Sorted-set reads that answer the hub's own types, so Lettuce's stay in this package. */
public final class SortedSets {

  private SortedSets() {}

  /** Members from rank {@code start} to {@code stop} (inclusive), lowest score first, with their scores. */
  public static Future<List<Scored>> lowestFirst(Redis redis, String key, long start, long stop) {
    return redis.call(c -> c.zrangeWithScores(key, start, stop)).map(SortedSets::scored);
  }

  /** Members from rank {@code start} to {@code stop} (inclusive), highest score first, with their scores. */
  public static Future<List<Scored>> highestFirst(Redis redis, String key, long start, long stop) {
    return redis.call(c -> c.zrevrangeWithScores(key, start, stop)).map(SortedSets::scored);
  }

  /** Up to {@code count} members in the range after skipping {@code offset}, lowest score first. */
  public static Future<List<Scored>> ascending(Redis redis, String key, ScoreRange range, long offset, long count) {
    return redis.call(c -> c.zrangebyscoreWithScores(key, lettuce(range), Limit.create(offset, count)))
        .map(SortedSets::scored);
  }

  /** As {@link #ascending}, highest score first. */
  public static Future<List<Scored>> descending(Redis redis, String key, ScoreRange range, long offset, long count) {
    return redis.call(c -> c.zrevrangebyscoreWithScores(key, lettuce(range), Limit.create(offset, count)))
        .map(SortedSets::scored);
  }

  /** How many members have a score in the range. */
  public static Future<Long> count(Redis redis, String key, ScoreRange range) {
    return redis.call(c -> c.zcount(key, lettuce(range)));
  }

  /** Members only, lowest score first. */
  public static Future<List<String>> membersAscending(Redis redis, String key, ScoreRange range, long offset,
      long count) {
    return redis.call(c -> c.zrangebyscore(key, lettuce(range), Limit.create(offset, count))).map(List::copyOf);
  }

  /** Adds the members that are not in the set yet (ZADD NX); members already there keep their score. */
  public static Future<Void> addAbsent(Redis redis, String key, List<Scored> members) {
    if (members.isEmpty()) {
      return Future.succeededFuture();
    }
    Object[] scoresAndMembers = new Object[members.size() * 2];
    for (int i = 0; i < members.size(); i++) {
      scoresAndMembers[2 * i] = members.get(i).score();
      scoresAndMembers[2 * i + 1] = members.get(i).member();
    }
    return redis.call(c -> c.zadd(key, ZAddArgs.Builder.nx(), scoresAndMembers)).mapEmpty();
  }

  private static Range<Double> lettuce(ScoreRange range) {
    return Range.create(range.min(), range.max());
  }

  private static List<Scored> scored(List<ScoredValue<String>> values) {
    return values.stream().map(value -> new Scored(value.getValue(), value.getScore())).toList();
  }
}
