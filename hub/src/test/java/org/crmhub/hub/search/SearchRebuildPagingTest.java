package org.crmhub.hub.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lettuce.core.ScoredValue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.conversation.InboxIndex;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.RedisPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rebuild pages through every conversation of the inbox; the bench's 100,000 conversations made
 * 1,000 pages, and the end of a rebuild written as a compose calling itself overflowed the event
 * loop's stack there. Thousands of pages (one conversation each, here) end once, every page read.
 */
@ExtendWith(VertxExtension.class)
class SearchRebuildPagingTest {

  private static final int CONVERSATIONS = 5_000;
  /** The inbox index of every conversation by activity, as {@link InboxIndex} names it. */
  private static final String EVERY_CONVERSATION = "crm:{inbox}:all";

  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();

  @Test
  void thousandsOfPagesEndOnceWithEveryPageRead(Vertx vertx, VertxTestContext test) {
    List<ScoredValue<String>> listed = new ArrayList<>();
    for (int i = 0; i < CONVERSATIONS; i++) {
      listed.add(ScoredValue.just(1_700_000_000_000d + i, "cv_paging_" + i));
    }
    AtomicInteger pagesRead = new AtomicInteger();
    Redis.connect(vertx, server.url()).onComplete(test.succeeding(redis -> {
      SearchRebuild rebuild = new SearchRebuild(redis, new InboxIndex(redis),
          new ConversationDocuments(new ConversationStore(redis), new CustomerStore(redis)), 1);
      redis.call(c -> c.flushall())
          .compose(v -> redis.call(c -> c.zadd(EVERY_CONVERSATION, listed.toArray(ScoredValue[]::new))))
          // the conversations themselves are not stored: each page is read and finds nothing to index
          // asked before each page whether to go on
          .compose(added -> rebuild.fill(documents -> Future.succeededFuture(), () -> pagesRead.incrementAndGet() > 0))
          .eventually(redis::close)
          .onComplete(test.succeeding(position -> test.verify(() -> {
            assertEquals(SearchRebuild.STREAM_START, position, "filled, from the stream's start (no events)");
            assertEquals(CONVERSATIONS + 1, pagesRead.get(), "every page, then the empty one after the last");
            test.completeNow();
          })));
    }));
  }
}
