package org.crmhub.hub.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.RedisPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Lists with several filters, or a sort and a filter, are found inside Redis, by walking one index
 * and checking the other filters' sets, or by intersecting the sets: for random conversations
 * (seeded, so a failure repeats) whose scores tie in long runs, every matching conversation is
 * listed exactly once, in the index's order (equal scores by id), whatever the page size and
 * whichever way; a filter so sparse that a walk runs out of budget hands back a cursor that goes
 * on, never an early end, and the hub answers such a filter by intersecting, in one page.
 */
@ExtendWith(VertxExtension.class)
class InboxFilteredPagingTest {

  private static final long SEED = 20261206L;
  private static final List<String> ASSIGNEES = List.of("ann", "bob", "none");
  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();

  private record Stored(String id, double lastActivity, double sentiment, String status, String assignee) {}

  @ParameterizedTest
  @EnumSource(InboxScan.Plan.class)
  void everyMatchIsListedOnceInOrderWhateverTheTiesAndTheLimit(InboxScan.Plan plan, Vertx vertx,
      VertxTestContext test) {
    Random random = new Random(SEED);
    List<Stored> stored = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      // a few distinct values of each score, so most conversations tie with many others
      stored.add(new Stored("cv_f" + Integer.toString(random.nextInt(1 << 30), 36) + "_" + i,
          1_700_000_000_000d + 1000d * random.nextInt(5), random.nextInt(3) - 1.0,
          InboxIndex.STATUSES.get(random.nextInt(3)), ASSIGNEES.get(random.nextInt(3))));
    }
    Redis.connect(vertx, server.url())
        .compose(redis -> seed(redis, stored)
            .compose(v -> checkAll(redis, plan, stored, random))
            .eventually(redis::close))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aFilterTooSparseForOneWalkGoesOnWithACursor(Vertx vertx, VertxTestContext test) {
    Redis.connect(vertx, server.url())
        .compose(redis -> seed(redis, bobsTwoAmongSixThousand())
            .compose(v -> pages(new InboxQuery(redis, new ConversationStore(redis), InboxScan.Plan.WALK),
                BOBS, InboxOrder.MOST_NEGATIVE, 10, null, new ArrayList<>(), new int[1], 10))
            .map(listed -> {
              assertEquals(List.of("cv_sparse_00000", "cv_sparse_00001"), listed.ids());
              assertTrue(listed.emptyPagesWithCursor() > 0, "the first walk ran out of budget and said where to go on");
              return null;
            })
            .eventually(redis::close))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void theHubAnswersASparseFilterByIntersectingInOnePage(Vertx vertx, VertxTestContext test) {
    Redis.connect(vertx, server.url())
        .compose(redis -> seed(redis, bobsTwoAmongSixThousand())
            .compose(v -> new InboxQuery(redis, new ConversationStore(redis)).page(BOBS, InboxOrder.MOST_NEGATIVE, null, 10))
            .map(page -> {
              assertEquals(List.of("cv_sparse_00000", "cv_sparse_00001"), page.items().stream().map(Conversation::id).toList());
              assertEquals(null, page.nextCursor(), "both found at once: nothing more to look at");
              return null;
            })
            .eventually(redis::close))
        .onComplete(test.succeedingThenComplete());
  }

  private static final InboxFilter BOBS = new InboxFilter(null, null, null, "bob", null);

  /** 6,000 closed ones, most negative first: ann's are all unhappy, bob's two the least unhappy of all. */
  private static List<Stored> bobsTwoAmongSixThousand() {
    List<Stored> stored = new ArrayList<>();
    for (int i = 0; i < 6_000; i++) {
      stored.add(new Stored(String.format("cv_sparse_%05d", i), 1_600_000_000_000d + i, i < 2 ? 0.9 + i / 100.0 : -0.5,
          "closed", i < 2 ? "bob" : "ann"));
    }
    return stored;
  }

  private Future<Void> checkAll(Redis redis, InboxScan.Plan plan, List<Stored> stored, Random random) {
    InboxQuery query = new InboxQuery(redis, new ConversationStore(redis), plan);
    Future<Void> chain = Future.succeededFuture();
    for (String status : InboxIndex.STATUSES) {
      for (String assignee : ASSIGNEES) {
        int limit = 1 + random.nextInt(40);
        InboxFilter filter = new InboxFilter(status, null, null, assignee, null);
        Predicate<Stored> matches = s -> s.status().equals(status) && s.assignee().equals(assignee);
        chain = chain
            .compose(v -> expectListed(query, filter, InboxOrder.NEWEST, limit, stored, matches,
                Comparator.comparingDouble(Stored::lastActivity).thenComparing(Stored::id).reversed()))
            .compose(v -> expectListed(query, new InboxFilter(status, null, null, null, null), InboxOrder.MOST_NEGATIVE,
                limit, stored, s -> s.status().equals(status),
                Comparator.comparingDouble(Stored::sentiment).thenComparing(Stored::id)))
            .compose(v -> expectListed(query, filter, InboxOrder.MOST_NEGATIVE, limit, stored, matches,
                Comparator.comparingDouble(Stored::sentiment).thenComparing(Stored::id)));
      }
    }
    return chain;
  }

  private Future<Void> expectListed(InboxQuery query, InboxFilter filter, InboxOrder order, int limit, List<Stored> stored,
      Predicate<Stored> matches, Comparator<Stored> indexOrder) {
    List<String> expected = stored.stream().filter(matches).sorted(indexOrder).map(Stored::id).toList();
    String context = filter + " " + order + ", limit " + limit;
    return pages(query, filter, order, limit, null, new ArrayList<>(), new int[1], expected.size() + 2)
        .map(listed -> {
          assertEquals(expected.size(), listed.ids().size(), context + ": listed " + listed.ids().size()
              + " (" + new java.util.HashSet<>(listed.ids()).size() + " distinct)");
          assertTrue(expected.equals(listed.ids()), context + ": every one listed once, but not in the index's order");
          return null;
        });
  }

  private record Listed(List<String> ids, int emptyPagesWithCursor) {}

  /** Follows the cursor to the end; at most {@code pagesLeft} pages, so a looping cursor fails. */
  private static Future<Listed> pages(InboxQuery query, InboxFilter filter, InboxOrder order, int limit, String cursor,
      List<String> listed, int[] emptyPagesWithCursor, int pagesLeft) {
    if (pagesLeft == 0) {
      return Future.failedFuture(new AssertionError("the cursor never ended; listed " + listed.size()));
    }
    return query.page(filter, order, cursor, limit).compose(page -> {
      page.items().forEach(item -> listed.add(item.id()));
      if (page.items().size() > limit) {
        return Future.failedFuture(new AssertionError("a page longer than the limit"));
      }
      if (page.items().isEmpty() && page.nextCursor() != null) {
        emptyPagesWithCursor[0]++;
      }
      return page.nextCursor() == null ? Future.succeededFuture(new Listed(listed, emptyPagesWithCursor[0]))
          : pages(query, filter, order, limit, page.nextCursor(), listed, emptyPagesWithCursor, pagesLeft - 1);
    });
  }

  /** Only these conversations, and the index entries the hub's indexing writes for them. */
  private static Future<Void> seed(Redis redis, List<Stored> stored) {
    Future<Void> chain = redis.call(c -> c.flushall()).mapEmpty();
    // in slices, within the client's request queue
    for (int from = 0; from < stored.size(); from += 500) {
      List<Stored> slice = stored.subList(from, Math.min(stored.size(), from + 500));
      chain = chain.compose(v -> write(redis, slice));
    }
    return chain;
  }

  private static Future<Void> write(Redis redis, List<Stored> stored) {
    List<Future<Long>> writes = new ArrayList<>();
    for (Stored conversation : stored) {
      Map<String, String> fields = new HashMap<>(Map.of("id", conversation.id(), "status", conversation.status(),
          "lastActivityMs", Double.toString(conversation.lastActivity())));
      if (!conversation.assignee().equals("none")) {
        fields.put("assignee", conversation.assignee());
      }
      writes.add(redis.call(c -> c.hset(ConversationKeys.conversation(conversation.id()), fields)));
      writes.add(redis.call(c -> c.zadd(InboxIndex.ALL, conversation.lastActivity(), conversation.id())));
      writes.add(redis.call(c -> c.zadd(InboxIndex.status(conversation.status()), conversation.lastActivity(),
          conversation.id())));
      writes.add(redis.call(c -> c.zadd(InboxIndex.assignee(conversation.assignee()), conversation.lastActivity(),
          conversation.id())));
      writes.add(redis.call(c -> c.zadd(InboxIndex.BY_SENTIMENT, conversation.sentiment(), conversation.id())));
    }
    return Future.all(writes).mapEmpty();
  }
}
