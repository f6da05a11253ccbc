package org.crmhub.hub.conversation;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.crmhub.hub.customer.CustomerKeys;
import org.crmhub.hub.failure.Invalid;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.ScoreRange;
import org.crmhub.hub.redis.Scored;
import org.crmhub.hub.redis.SortedSets;

/**
 * Reads the inbox in an {@link InboxOrder}. For "newest" it picks the most selective index set for
 * the filters; other orders read their own index. It checks the other filters on each conversation, and pages with a cursor of (score, id) so
 * pages do not shift when new contacts arrive, and conversations with the same score (a mail
 * backlog shares one second) are told apart by id. A page loads a bounded number of candidates.
 */
public final class InboxQuery {

  private static final int SCAN_BATCH = 100;
  /** The contract's {@code Cursor} pattern. */
  private static final Pattern CURSOR =
      Pattern.compile("^-?[0-9]{1,20}(\\.[0-9]{1,20})?(E-?[0-9]{1,3})?_[A-Za-z0-9_-]{1,64}$");
  private static final int MAX_SCANNED = 2_000;
  /** Index members one {@link InboxScan} looks at: a few milliseconds of Redis's time at most. */
  private static final int MAX_LOOKED_AT_IN_REDIS = 5_000;

  private final Redis redis;
  private final ConversationStore conversations;
  private final InboxScan inboxScan;

  public InboxQuery(Redis redis, ConversationStore conversations) {
    this(redis, conversations, InboxScan.Plan.CHEAPER);
  }

  /** @param plan how lists with filters checked in Redis find their pages (tests pin one way) */
  InboxQuery(Redis redis, ConversationStore conversations, InboxScan.Plan plan) {
    this.redis = redis;
    this.conversations = conversations;
    this.inboxScan = new InboxScan(redis, plan);
  }

  /** One page of matching conversations; {@code nextCursor} null at the end. */
  public record Page(List<Conversation> items, String nextCursor) {}

  private record Position(double score, String id) {}

  public Future<Page> page(InboxFilter filter, InboxOrder order, String cursor, int limit) {
    Position start;
    try {
      start = cursor == null ? null : decode(cursor);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new InvalidCursorException());
    }
    String index = order.index() != null ? order.index() : indexFor(filter);
    List<String> filterSets = filterSets(filter, index);
    if (filter.customerId() == null && !filterSets.isEmpty()) {
      return filteredInRedis(index, filterSets, order.ascending(), filter, start, limit);
    }
    // an index that answers the filter alone (no other filter left to check) gives a full page from
    // one more than the page; otherwise the batch grows (x4, at most SCAN_BATCH) while filters thin it
    boolean indexAnswersFilter = filter.criteria() <= (order.index() != null ? 0 : 1);
    int firstBatch = indexAnswersFilter ? Math.min(SCAN_BATCH, limit + 1) : SCAN_BATCH;
    return scan(index, order.ascending(), filter, start, 0, firstBatch, limit, new ArrayList<>(), 0);
  }

  /**
   * Reads the index from the cursor's score on. Members tying with the cursor's score come first,
   * those up to the cursor's id included; a batch made only of them is stepped over by offset
   * ({@code skip}), so a tie longer than a batch never ends the list early.
   */
  private Future<Page> scan(String index, boolean ascending, InboxFilter filter, Position after, int skip,
      int batchSize, int limit, List<Conversation> found, int scanned) {
    Future<List<Scored>> fetched = ascending
        ? SortedSets.ascending(redis, index, after == null ? ScoreRange.all() : ScoreRange.atLeast(after.score()),
            skip, batchSize)
        : SortedSets.descending(redis, index, after == null ? ScoreRange.all() : ScoreRange.atMost(after.score()),
            skip, batchSize);
    return fetched
        .compose(batch -> {
          boolean exhausted = batch.size() < batchSize;
          List<Scored> candidates = batch.stream()
              .filter(candidate -> after == null || isAfter(candidate, after, ascending))
              .toList();
          if (candidates.isEmpty()) {
            return exhausted ? Future.succeededFuture(new Page(found, null))
                : scan(index, ascending, filter, after, skip + batch.size(), grown(batchSize), limit, found, scanned);
          }
          List<Future<Conversation>> loads = candidates.stream()
              .map(candidate -> conversations.find(candidate.member()))
              .toList();
          return Future.all(loads).compose(loaded -> {
            Position last = after;
            for (int i = 0; i < candidates.size(); i++) {
              Scored candidate = candidates.get(i);
              last = new Position(candidate.score(), candidate.member());
              Conversation conversation = loaded.resultAt(i);
              if (filter.matches(conversation)) {
                found.add(conversation);
                if (found.size() == limit) {
                  boolean more = i < candidates.size() - 1 || !exhausted;
                  return Future.succeededFuture(new Page(found, more ? encode(last) : null));
                }
              }
            }
            int total = scanned + candidates.size();
            if (exhausted) {
              return Future.succeededFuture(new Page(found, null));
            }
            if (total >= MAX_SCANNED) {
              // a sparse filter: hand back what we have and let the client continue
              return Future.succeededFuture(new Page(found, encode(last)));
            }
            return scan(index, ascending, filter, last, 0, grown(batchSize), limit, found, total);
          });
        });
  }

  /**
   * The filters checked in Redis by index-set membership ({@link InboxScan}): one script finds the
   * page, and only the page's conversations are loaded. Each is checked again once loaded, so one
   * that changed in between is left out rather than shown under the wrong filter.
   */
  private Future<Page> filteredInRedis(String index, List<String> filterSets, boolean ascending, InboxFilter filter,
      Position start, int limit) {
    return inboxScan.scan(index, filterSets, ascending, start == null ? 0 : start.score(),
            start == null ? null : start.id(), limit + 1, MAX_LOOKED_AT_IN_REDIS)
        .compose(scan -> {
          List<Scored> shown = scan.matches().subList(0, Math.min(limit, scan.matches().size()));
          String next;
          if (scan.matches().size() > limit) {
            Scored lastShown = shown.get(shown.size() - 1);
            next = encode(new Position(lastShown.score(), lastShown.member()));
          } else if (scan.exhausted() || scan.last() == null) {
            next = null;
          } else {
            // the budget ran out before the page was full: the client goes on from where it stopped
            next = encode(new Position(scan.last().score(), scan.last().member()));
          }
          return Future.all(shown.stream().map(match -> conversations.find(match.member())).toList())
              .map(loaded -> {
                List<Conversation> items = new ArrayList<>();
                for (int i = 0; i < shown.size(); i++) {
                  Conversation conversation = loaded.resultAt(i);
                  if (filter.matches(conversation)) {
                    items.add(conversation);
                  }
                }
                return new Page(items, next);
              });
        });
  }

  /** The index sets of the filters other than the walked index itself; customers have no such set. */
  private static List<String> filterSets(InboxFilter filter, String walked) {
    List<String> sets = new ArrayList<>();
    if (filter.status() != null) {
      sets.add(InboxIndex.status(filter.status()));
    }
    if (filter.channel() != null) {
      sets.add(InboxIndex.channel(filter.channel()));
    }
    if (filter.sentiment() != null) {
      sets.add(InboxIndex.sentiment(filter.sentiment()));
    }
    if (filter.assignee() != null) {
      sets.add(InboxIndex.assignee(filter.assignee()));
    }
    sets.remove(walked);
    return sets;
  }

  private static int grown(int batchSize) {
    return Math.min(SCAN_BATCH, batchSize * 4);
  }

  /** Equal scores come ordered by member, ascending or descending with the scores. */
  private static boolean isAfter(Scored candidate, Position position, boolean ascending) {
    int byScore = Double.compare(candidate.score(), position.score());
    if (byScore != 0) {
      return ascending ? byScore > 0 : byScore < 0;
    }
    int byId = candidate.member().compareTo(position.id());
    return ascending ? byId > 0 : byId < 0;
  }

  private static String indexFor(InboxFilter filter) {
    if (filter.customerId() != null) {
      return CustomerKeys.conversations(filter.customerId());
    }
    if (filter.assignee() != null) {
      return InboxIndex.assignee(filter.assignee());
    }
    if (filter.sentiment() != null) {
      return InboxIndex.sentiment(filter.sentiment());
    }
    if (filter.channel() != null) {
      return InboxIndex.channel(filter.channel());
    }
    if (filter.status() != null) {
      return InboxIndex.status(filter.status());
    }
    return InboxIndex.ALL;
  }

  /**
   * A cursor is a readable position, {@code score_id}, e.g. {@code 1.7331E12_cv_x1}: any such
   * position is a valid start (the next page begins after it), so the contract's pattern says
   * exactly which cursors the hub takes. Infinite scores are written as a number that reads back
   * infinite.
   */
  private static String encode(Position position) {
    double score = position.score();
    String written = Double.isInfinite(score) ? (score > 0 ? "1.0E999" : "-1.0E999") : Double.toString(score);
    return written + "_" + position.id();
  }

  private static Position decode(String cursor) {
    int separator = cursor.indexOf('_');
    if (separator <= 0 || !CURSOR.matcher(cursor).matches()) {
      throw new IllegalArgumentException("cursor");
    }
    return new Position(Double.parseDouble(cursor.substring(0, separator)), cursor.substring(separator + 1));
  }

  /** A cursor this hub did not make. */
  public static final class InvalidCursorException extends Invalid {
    public InvalidCursorException() {
      super("cursor", "cursor is not a position this API writes");
    }
  }
}
