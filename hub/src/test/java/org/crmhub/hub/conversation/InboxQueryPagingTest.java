package org.crmhub.hub.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.crmhub.hub.customer.CustomerKeys;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.RedisPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Paging over an index whose scores tie in long runs (an email backlog: IMAP dates have one-second
 * resolution): for random conversations, timestamps and page sizes (seeded, so a failure repeats),
 * every conversation is listed exactly once and in the index's order.
 */
@ExtendWith(VertxExtension.class)
class InboxQueryPagingTest {

  private static final long SEED = 18L;
  private static final int ROUNDS = 16;
  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();

  @Test
  void everyConversationIsListedOnceWhateverTheTiesAndTheLimit(Vertx vertx, VertxTestContext test) {
    Random random = new Random(SEED);
    Redis.connect(vertx, server.url())
        .compose(redis -> rounds(redis, random, 0).eventually(redis::close))
        .onComplete(test.succeedingThenComplete());
  }

  private Future<Void> rounds(Redis redis, Random random, int round) {
    if (round == ROUNDS) {
      return Future.succeededFuture();
    }
    String customer = "cu_paging_" + round;
    int count = 1 + random.nextInt(round < 4 ? 40 : 320);
    // few distinct seconds, so most conversations tie with many others
    int seconds = 1 + random.nextInt(4);
    int limit = 1 + random.nextInt(round % 2 == 0 ? 12 : 150);
    boolean ascending = round % 3 == 2;
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = "cv_" + Integer.toString(random.nextInt(1 << 30), 36) + "_" + i;
      entries.add(new Entry(id, 1_700_000_000_000d + 1000d * random.nextInt(seconds)));
    }
    String index = ascending ? InboxIndex.WAITING : CustomerKeys.conversations(customer);
    InboxOrder order = ascending ? InboxOrder.OLDEST_WAITING : InboxOrder.NEWEST;
    Comparator<Entry> byIndex = Comparator.comparingDouble(Entry::score).thenComparing(Entry::id);
    List<String> expected = entries.stream().sorted(ascending ? byIndex : byIndex.reversed()).map(Entry::id).toList();
    String context = "round " + round + ": " + count + " conversations over " + seconds + " s, limit " + limit
        + (ascending ? ", oldest first" : ", newest first");
    return redis.call(c -> c.del(index))
        .compose(v -> Future.all(entries.stream().map(entry -> store(redis, index, customer, entry)).toList()))
        .compose(v -> pages(new InboxQuery(redis, new ConversationStore(redis)), order, customer, limit, null,
            new ArrayList<>(), count + 2))
        .map(listed -> {
          assertEquals(expected.size(), listed.size(), context + ": listed " + listed.size()
              + " (" + new java.util.HashSet<>(listed).size() + " distinct)");
          assertTrue(expected.equals(listed), context + ": every one listed once, but not in the index's order");
          return null;
        })
        .compose(v -> rounds(redis, random, round + 1));
  }

  private record Entry(String id, double score) {}

  private static Future<Void> store(Redis redis, String index, String customer, Entry entry) {
    return redis.call(c -> c.hset(ConversationKeys.conversation(entry.id()), Map.of("id", entry.id(), "customerId", customer)))
        .compose(v -> redis.call(c -> c.zadd(index, entry.score(), entry.id())))
        .mapEmpty();
  }

  /** Follows the cursor to the end; at most {@code pagesLeft} pages, so a looping cursor fails. */
  private static Future<List<String>> pages(InboxQuery query, InboxOrder order, String customer, int limit,
      String cursor, List<String> listed, int pagesLeft) {
    if (pagesLeft == 0) {
      return Future.failedFuture(new AssertionError("the cursor never ended; listed " + listed.size()));
    }
    InboxFilter filter = new InboxFilter(null, null, null, null, customer);
    return query.page(filter, order, cursor, limit).compose(page -> {
      page.items().forEach(item -> listed.add(item.id()));
      if (page.items().size() > limit) {
        return Future.failedFuture(new AssertionError("a page longer than the limit"));
      }
      return page.nextCursor() == null ? Future.succeededFuture(listed)
          : pages(query, order, customer, limit, page.nextCursor(), listed, pagesLeft - 1);
    });
  }
}
