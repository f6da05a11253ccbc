package org.crmhub.hub.redis;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XPendingArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.XTrimArgs;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Stream commands that answer the hub's own types, so Lettuce's stay in this package. */
public final class Streams {

  /** An entry delivered to a consumer and not acknowledged yet. */
  public record Pending(String id, String consumer, long deliveries) {}

  private Streams() {}

  public static Future<String> append(Redis redis, String stream, Map<String, String> fields) {
    return redis.call(c -> c.xadd(stream, fields));
  }

  /** XLEN: how many entries the stream holds (0 when it does not exist). */
  public static Future<Long> length(Redis redis, String stream) {
    return redis.call(c -> c.xlen(stream));
  }

  /** Appends and trims the stream to about {@code maxLength} entries (whole nodes only: cheap). */
  public static Future<String> appendCapped(Redis redis, String stream, long maxLength, Map<String, String> fields) {
    return redis.call(c -> c.xadd(stream, new XAddArgs().maxlen(maxLength).approximateTrimming(), fields));
  }

  /**
   * Appends several entries at once, in order, trimming as {@link #appendCapped} does: one step, so
   * a reader blocked on the stream wakes once and reads them all. Returns their ids in order.
   */
  public static Future<List<String>> appendAllCapped(Redis redis, String stream, long maxLength,
      List<Map<String, String>> entries) {
    if (entries.size() == 1) {
      return appendCapped(redis, stream, maxLength, entries.get(0)).map(List::of);
    }
    List<String> args = new java.util.ArrayList<>();
    args.add(Long.toString(maxLength));
    for (Map<String, String> fields : entries) {
      args.add(Integer.toString(fields.size()));
      fields.forEach((field, value) -> {
        args.add(field);
        args.add(value);
      });
    }
    return APPEND_ALL_CAPPED.<List<Object>>run(redis, new String[] {stream}, args.toArray(String[]::new))
        .map(ids -> ids.stream().map(String.class::cast).toList());
  }

  /** KEYS: the stream; ARGV: the cap, then per entry its number of fields and its fields and values. */
  private static final LuaScript APPEND_ALL_CAPPED = new LuaScript("""
      local ids = {}
      local at = 2
      while at <= #ARGV do
        local fields = tonumber(ARGV[at])
        ids[#ids + 1] = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(ARGV, at + 1, at + 2 * fields))
        at = at + 1 + 2 * fields
      end
      return ids
      """, LuaScript.Returns.LIST);

  /**
   * Appends and drops entries with ids below {@code minId}, whole nodes only (cheap): a few older
   * entries sharing a node with younger ones stay until {@link #dropBefore} or a later append.
   */
  public static Future<String> appendDroppingBefore(Redis redis, String stream, String minId,
      Map<String, String> fields) {
    return redis.call(c -> c.xadd(stream, new XAddArgs().minId(minId).approximateTrimming(), fields));
  }

  /** Appends with the given id, which must be above the newest entry's. */
  public static Future<String> appendWithId(Redis redis, String stream, String id, Map<String, String> fields) {
    return redis.call(c -> c.xadd(stream, new XAddArgs().id(id), fields));
  }

  /** Removes every entry with an id below {@code minId}; answers how many went. */
  public static Future<Long> dropBefore(Redis redis, String stream, String minId) {
    return redis.call(c -> c.xtrim(stream, new XTrimArgs().minId(minId).exactTrimming()));
  }

  /**
   * Up to {@code limit} entries, newest first, with ids below {@code beforeId} (null: from the
   * newest) and not below {@code lowestId} (null: down to the oldest).
   */
  public static Future<List<StreamEntry>> newestFirst(Redis redis, String stream, String beforeId, String lowestId,
      long limit) {
    Range<String> range = Range.from(
        lowestId == null ? Range.Boundary.unbounded() : Range.Boundary.including(lowestId),
        beforeId == null ? Range.Boundary.unbounded() : Range.Boundary.excluding(beforeId));
    return redis.call(c -> c.xrevrange(stream, range, Limit.from(limit))).map(Streams::entries);
  }

  /** Up to {@code limit} entries from the oldest on. */
  public static Future<List<StreamEntry>> oldest(Redis redis, String stream, long limit) {
    return redis.call(c -> c.xrange(stream, Range.create("-", "+"), Limit.from(limit))).map(Streams::entries);
  }

  /** Up to {@code limit} entries with ids above {@code afterId}. */
  public static Future<List<StreamEntry>> after(Redis redis, String stream, String afterId, long limit) {
    return redis.call(c -> c.xrange(stream,
            Range.from(Range.Boundary.excluding(afterId), Range.Boundary.unbounded()), Limit.from(limit)))
        .map(Streams::entries);
  }

  /** The id of the newest entry, or null when the stream is empty or absent. */
  public static Future<String> newestId(Redis redis, String stream) {
    return redis.call(c -> c.xrevrange(stream, Range.create("-", "+"), Limit.from(1)))
        .map(found -> found.isEmpty() ? null : found.get(0).getId());
  }

  /** The entry with this id, or null. */
  public static Future<StreamEntry> one(Redis redis, String stream, String id) {
    return redis.call(c -> c.xrange(stream, Range.create(id, id)))
        .map(found -> found.isEmpty() ? null : entry(found.get(0)));
  }

  /**
   * How long a blocking read waits for its first entry. A stopping hub waits for the reads under
   * way to return (so no entry is read and then dropped), which makes this the time a stop takes;
   * an idle hub pays one read per reader per block, a few a second.
   */
  public static final Duration READ_BLOCK = Duration.ofMillis(250);

  /**
   * Entries above {@code afterId} ({@code $}: from now on), waiting up to {@code block} for the
   * first; use a dedicated connection, the wait holds it.
   */
  public static Future<List<StreamEntry>> follow(Redis redis, String stream, String afterId, long count,
      Duration block) {
    return redis.call(c -> c.xread(XReadArgs.Builder.block(block).count(count), StreamOffset.from(stream, afterId)))
        .map(Streams::entries);
  }

  /**
   * Creates the consumer group (and the stream) unless it exists. Groups start at id 0 so entries
   * written before any reader ran are read too.
   */
  public static Future<Void> ensureGroup(Redis redis, String stream, String group) {
    return redis.call(c -> c.xgroupCreate(StreamOffset.from(stream, "0"), group, XGroupCreateArgs.Builder.mkstream()))
        .<Void>mapEmpty()
        .recover(failure -> String.valueOf(failure.getMessage()).startsWith("BUSYGROUP")
            ? Future.succeededFuture()
            : Future.failedFuture(failure));
  }

  /**
   * Entries never delivered to the group before, now delivered to {@code consumer}; waits up to
   * {@code block} for the first (use a dedicated connection).
   */
  public static Future<List<StreamEntry>> readGroup(Redis redis, String stream, String group, String consumer,
      long count, Duration block) {
    return redis.call(c -> c.xreadgroup(Consumer.from(group, consumer), XReadArgs.Builder.count(count).block(block),
            StreamOffset.lastConsumed(stream)))
        .map(Streams::entries);
  }

  /** Entries of the group delivered but not acknowledged for at least {@code minIdle}, oldest first. */
  public static Future<List<Pending>> pending(Redis redis, String stream, String group, Duration minIdle,
      long count) {
    return redis.call(c -> c.xpending(stream, new XPendingArgs<String>()
            .group(group).range(Range.create("-", "+")).limit(Limit.from(count)).idle(minIdle)))
        .map(pending -> pending.stream()
            .map(entry -> new Pending(entry.getId(), entry.getConsumer(), entry.getRedeliveryCount()))
            .toList());
  }

  /**
   * Whether the group has handled every entry up to {@code id}: it was handed out (the group's
   * last delivered id is at or past it) and nothing up to it waits for an acknowledgement. A group
   * that does not exist has nothing in hand.
   */
  public static Future<Boolean> groupPassed(Redis redis, String stream, String group, String id) {
    Future<List<Object>> groups = redis.call(c -> c.xinfoGroups(stream));
    Future<List<io.lettuce.core.models.stream.PendingMessage>> waiting = redis.call(c -> c.xpending(stream,
        new XPendingArgs<String>().group(group).range(Range.create("-", id)).limit(Limit.from(1))));
    return Future.all(groups, waiting)
        .map(both -> {
          if (!waiting.result().isEmpty()) {
            return false;
          }
          for (Object info : groups.result()) {
            List<?> fields = (List<?>) info;
            java.util.Map<String, Object> byName = new java.util.HashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
              byName.put(String.valueOf(fields.get(i)), fields.get(i + 1));
            }
            if (group.equals(String.valueOf(byName.get("name")))) {
              return StreamEntry.compareIds(String.valueOf(byName.get("last-delivered-id")), id) >= 0;
            }
          }
          return true;
        })
        // XPENDING on a group that does not exist fails: then no one holds anything either
        .recover(failure -> failure.getMessage() != null && failure.getMessage().contains("NOGROUP")
            ? Future.succeededFuture(true) : Future.failedFuture(failure));
  }

  /**
   * Takes a pending entry over if it is still idle for {@code minIdle}: of several consumers
   * claiming at once exactly one gets it. Null when another was first; an entry with no fields
   * when it was deleted from the stream while pending.
   */
  public static Future<StreamEntry> claim(Redis redis, String stream, String group, String consumer,
      Duration minIdle, String id) {
    return redis.call(c -> c.xclaim(stream, Consumer.from(group, consumer), XClaimArgs.Builder.minIdleTime(minIdle),
            id))
        .map(claimed -> claimed.isEmpty() ? null : entry(claimed.get(0)));
  }

  /** Acknowledges entries in one command. */
  public static Future<Void> acknowledge(Redis redis, String stream, String group, List<String> ids) {
    return redis.call(c -> c.xack(stream, group, ids.toArray(String[]::new))).mapEmpty();
  }

  /** Acknowledges and deletes entries in one step (a work queue's entry is done with once handled). */
  public static Future<Void> acknowledgeAndDelete(Redis redis, String stream, String group, List<String> ids) {
    String[] args = new String[ids.size() + 1];
    args[0] = group;
    for (int i = 0; i < ids.size(); i++) {
      args[i + 1] = ids.get(i);
    }
    return ACKNOWLEDGE_AND_DELETE.run(redis, new String[] {stream}, args).mapEmpty();
  }

  private static final LuaScript ACKNOWLEDGE_AND_DELETE = new LuaScript("""
      redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 2))
      return redis.call('XDEL', KEYS[1], unpack(ARGV, 2))
      """, LuaScript.Returns.INTEGER);

  private static List<StreamEntry> entries(List<StreamMessage<String, String>> messages) {
    return messages.stream().map(Streams::entry).toList();
  }

  private static StreamEntry entry(StreamMessage<String, String> message) {
    return new StreamEntry(message.getId(), message.getBody());
  }
}
