package org.crmhub.hub.conversation;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.hub.redis.LuaScript;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.ScoreRange;
import org.crmhub.hub.redis.Scored;
import org.crmhub.hub.redis.SortedSets;

/**
 * Sorted sets of conversation ids by last activity: one for the whole inbox and one per filter
 * value, so each inbox filter reads one set. They share the hash tag {@code {inbox}}, so a
 * conversation's whole entry changes in one script (one command, one slot in a cluster; the index
 * is small next to the conversations it points at). ZADD and ZREM are idempotent, so re-indexing
 * after a redelivery is harmless.
 */
public final class InboxIndex {

  /** What every index key starts with. */
  static final String PREFIX = "crm:{inbox}:";
  static final String ALL = PREFIX + "all";
  static final List<String> STATUSES = List.of("open", "pending", "closed");
  static final List<String> SENTIMENTS = List.of("negative", "neutral", "positive");
  static final String UNASSIGNED = "none";
  /** conversations scored by their sentiment, for "most negative first" */
  static final String BY_SENTIMENT = PREFIX + "by-sentiment";
  /** open conversations whose customer awaits an answer, scored by since when */
  static final String WAITING = PREFIX + "waiting";

  /**
   * The conversation version each conversation was last indexed at: an index write from an older
   * version (two changes of one conversation re-indexing at once, the older one last) is skipped,
   * so the index ends as the conversation's newest state says.
   */
  static final String INDEXED_VERSIONS = PREFIX + "indexed-versions";

  /**
   * KEYS[1] is {@link #INDEXED_VERSIONS}, ARGV[1] the member, ARGV[2] its version; then per further
   * key, in KEYS order: ARGV {@code a SCORE} adds (or moves) the member, {@code r -} removes it.
   * Answers 0 when a newer version was indexed already (nothing changed), else 1.
   */
  private static final LuaScript APPLY = new LuaScript("""
      local member = ARGV[1]
      local indexed = redis.call('HGET', KEYS[1], member)
      if indexed and tonumber(indexed) > tonumber(ARGV[2]) then return 0 end
      redis.call('HSET', KEYS[1], member, ARGV[2])
      for i = 2, #KEYS do
        if ARGV[2 * i - 1] == 'a' then
          redis.call('ZADD', KEYS[i], ARGV[2 * i], member)
        else
          redis.call('ZREM', KEYS[i], member)
        end
      end
      return 1
      """, LuaScript.Returns.INTEGER);

  private final Redis redis;

  public InboxIndex(Redis redis) {
    this.redis = redis;
  }

  static String status(String status) {
    return PREFIX + "status:" + status;
  }

  static String channel(String channel) {
    return PREFIX + "channel:" + channel;
  }

  static String sentiment(String label) {
    return PREFIX + "sentiment:" + label;
  }

  static String assignee(String username) {
    return PREFIX + "assignee:" + (username == null || username.isEmpty() ? UNASSIGNED : username);
  }

  /**
   * Up to {@code count} of all conversations whose last activity is at {@code fromMillis} or later,
   * least recently active first, skipping the first {@code offset} of them, with their activity
   * times as scores. Paging on from the last score seen meets every conversation at least once even
   * while conversations change, since activity only ever moves one later.
   */
  public Future<List<Scored>> everyConversation(double fromMillis, long offset, long count) {
    return SortedSets.ascending(redis, ALL, ScoreRange.atLeast(fromMillis), offset, count);
  }

  /** Up to {@code count} closed conversations last active before {@code beforeMillis}, least recently active first. */
  public Future<List<Scored>> closedBefore(long beforeMillis, long offset, long count) {
    return SortedSets.ascending(redis, status("closed"), ScoreRange.atMost(beforeMillis - 1), offset, count);
  }

  /** How many closed conversations were last active before {@code beforeMillis}. */
  public Future<Long> countClosedBefore(long beforeMillis) {
    return SortedSets.count(redis, status("closed"), ScoreRange.atMost(beforeMillis - 1));
  }

  /** @param previousAssignee the assignee before this change (null: unchanged or none) */
  public Future<Void> index(Conversation conversation, String previousAssignee) {
    String score = Double.toString(conversation.lastActivityMs());
    String currentStatus = conversation.status();
    String currentSentiment = conversation.sentimentLabel();
    Changes changes = new Changes(conversation.id(), conversation.version());
    changes.add(ALL, score);
    changes.add(channel(conversation.channel()), score);
    for (String status : STATUSES) {
      changes.addOrRemove(status(status), status.equals(currentStatus), score);
    }
    for (String label : SENTIMENTS) {
      changes.addOrRemove(sentiment(label), label.equals(currentSentiment), score);
    }
    if (conversation.sentiment() != null) {
      changes.add(BY_SENTIMENT, Double.toString(conversation.sentiment()));
    }
    String waitingSince = conversation.waitingSince();
    boolean waiting = waitingSince != null && "open".equals(currentStatus);
    changes.addOrRemove(WAITING, waiting,
        waiting ? Double.toString(java.time.Instant.parse(waitingSince).toEpochMilli()) : null);
    String currentKey = assignee(conversation.assignee());
    if (previousAssignee != null && !assignee(previousAssignee).equals(currentKey)) {
      changes.remove(assignee(previousAssignee));
    }
    changes.add(currentKey, score);
    return APPLY.run(redis, changes.keys.toArray(String[]::new), changes.args.toArray(String[]::new)).mapEmpty();
  }

  /**
   * Takes an erased conversation out of every list, for good: its indexed version becomes one no
   * change can pass, so a late re-indexing (a reply finishing as it is erased) adds nothing back.
   */
  public Future<Void> forget(Conversation conversation) {
    Changes changes = new Changes(conversation.id(), ERASED_VERSION);
    changes.remove(ALL);
    if (conversation.channel() != null) {
      changes.remove(channel(conversation.channel()));
    }
    STATUSES.forEach(status -> changes.remove(status(status)));
    SENTIMENTS.forEach(label -> changes.remove(sentiment(label)));
    changes.remove(BY_SENTIMENT);
    changes.remove(WAITING);
    changes.remove(assignee(conversation.assignee()));
    return APPLY.run(redis, changes.keys.toArray(String[]::new), changes.args.toArray(String[]::new)).mapEmpty();
  }

  /** Above any version a conversation reaches (Lua compares as doubles). */
  private static final String ERASED_VERSION = "9.0e18";

  /** The keys and operations of one conversation's re-indexing, in the script's layout. */
  private static final class Changes {
    final List<String> keys = new ArrayList<>();
    final List<String> args = new ArrayList<>();

    Changes(String member, String version) {
      keys.add(INDEXED_VERSIONS);
      args.add(member);
      args.add(version);
    }

    void add(String key, String score) {
      keys.add(key);
      args.add("a");
      args.add(score);
    }

    void remove(String key) {
      keys.add(key);
      args.add("r");
      args.add("-");
    }

    void addOrRemove(String key, boolean add, String score) {
      if (add) {
        add(key, score);
      } else {
        remove(key);
      }
    }
  }
}
