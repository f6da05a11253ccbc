package org.crmhub.hub.conversation;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.hub.redis.Redis;

/**
 * Sorted sets of conversation ids by last activity: one for the whole inbox and one per filter
 * value, so each inbox filter reads one set. ZADD and ZREM are idempotent, so re-indexing after a
 * redelivery is harmless.
 */
public final class InboxIndex {

  static final String ALL = "crm:inbox:all";
  static final List<String> STATUSES = List.of("open", "pending", "closed");
  static final List<String> SENTIMENTS = List.of("negative", "neutral", "positive");
  static final String UNASSIGNED = "none";
  /** conversations scored by their sentiment, for "most negative first" */
  static final String BY_SENTIMENT = "crm:inbox:by-sentiment";
  /** open conversations whose customer awaits an answer, scored by since when */
  static final String WAITING = "crm:inbox:waiting";

  private final Redis redis;

  public InboxIndex(Redis redis) {
    this.redis = redis;
  }

  static String status(String status) {
    return "crm:inbox:status:" + status;
  }

  static String channel(String channel) {
    return "crm:inbox:channel:" + channel;
  }

  static String sentiment(String label) {
    return "crm:inbox:sentiment:" + label;
  }

  static String assignee(String username) {
    return "crm:inbox:assignee:" + (username == null || username.isEmpty() ? UNASSIGNED : username);
  }

  /** @param previousAssignee the assignee before this change (null: unchanged or none) */
  public Future<Void> index(Conversation conversation, String previousAssignee) {
    String id = conversation.id();
    double score = conversation.lastActivityMs();
    String currentStatus = conversation.status();
    String currentSentiment = conversation.sentimentLabel();
    String currentAssignee = conversation.assignee();
    List<Future<?>> writes = new ArrayList<>();
    writes.add(redis.call(c -> c.zadd(ALL, score, id)));
    writes.add(redis.call(c -> c.zadd(channel(conversation.channel()), score, id)));
    for (String status : STATUSES) {
      writes.add(status.equals(currentStatus)
          ? redis.call(c -> c.zadd(status(status), score, id))
          : redis.call(c -> c.zrem(status(status), id)));
    }
    for (String label : SENTIMENTS) {
      writes.add(label.equals(currentSentiment)
          ? redis.call(c -> c.zadd(sentiment(label), score, id))
          : redis.call(c -> c.zrem(sentiment(label), id)));
    }
    if (conversation.sentiment() != null) {
      double sentimentScore = conversation.sentiment();
      writes.add(redis.call(c -> c.zadd(BY_SENTIMENT, sentimentScore, id)));
    }
    String waitingSince = conversation.waitingSince();
    if (waitingSince != null && "open".equals(currentStatus)) {
      double since = java.time.Instant.parse(waitingSince).toEpochMilli();
      writes.add(redis.call(c -> c.zadd(WAITING, since, id)));
    } else {
      writes.add(redis.call(c -> c.zrem(WAITING, id)));
    }
    String currentKey = assignee(currentAssignee);
    if (previousAssignee != null && !assignee(previousAssignee).equals(currentKey)) {
      writes.add(redis.call(c -> c.zrem(assignee(previousAssignee), id)));
    }
    writes.add(redis.call(c -> c.zadd(currentKey, score, id)));
    return Future.all(writes).mapEmpty();
  }
}
