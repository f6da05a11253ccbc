package org.crmhub.hub.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.Scored;
import org.crmhub.hub.redis.SortedSets;
import org.crmhub.hub.testing.RedisPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An inbox index written under the untagged key names moves to the tagged ones, once. */
@ExtendWith(VertxExtension.class)
class LegacyInboxKeysTest {

  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();

  @Test
  void everyEntryMovesANewerEntryWinsAndASecondStartMovesNothing(Vertx vertx, VertxTestContext test) {
    // more than one page of the copy
    List<Scored> open = new ArrayList<>();
    for (int i = 0; i < 2_345; i++) {
      open.add(new Scored("cv_" + i, 1_000 + i));
    }
    Redis.connect(vertx, server.url())
        .compose(redis -> redis.call(c -> c.flushall())
            .compose(v -> Future.all(List.of(
                SortedSets.addAbsent(redis, "crm:inbox:status:open", open),
                SortedSets.addAbsent(redis, "crm:inbox:all", List.of(new Scored("cv_1", 1_001), new Scored("cv_2", 1_002))),
                // filed again by a hub with the new layout before the move: the newer score stays
                SortedSets.addAbsent(redis, InboxIndex.ALL, List.of(new Scored("cv_2", 9_999))))))
            .compose(v -> new LegacyInboxKeys(redis).migrate())
            // written under the old name after the move: a second start must leave it alone
            .compose(v -> redis.call(c -> c.zadd("crm:inbox:channel:x", 1.0, "cv_late")))
            .compose(v -> new LegacyInboxKeys(redis).migrate())
            .compose(v -> Future.all(List.of(
                SortedSets.lowestFirst(redis, InboxIndex.status("open"), 0, -1),
                SortedSets.lowestFirst(redis, InboxIndex.ALL, 0, -1),
                redis.call(c -> c.exists("crm:inbox:status:open", "crm:inbox:all")),
                redis.call(c -> c.exists("crm:inbox:channel:x")))))
            .eventually(() -> redis.shutdown()))
        .onComplete(test.succeeding(read -> test.verify(() -> {
          assertEquals(open, read.resultAt(0));
          assertEquals(List.of(new Scored("cv_1", 1_001), new Scored("cv_2", 9_999)), read.resultAt(1));
          assertEquals(0L, (Long) read.resultAt(2), "the legacy keys are gone");
          assertEquals(1L, (Long) read.resultAt(3), "the marker stops a second scan");
          test.completeNow();
        })));
  }
}
