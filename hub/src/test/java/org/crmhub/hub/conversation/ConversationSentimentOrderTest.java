package org.crmhub.hub.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.RedisPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A conversation's sentiment weighs its messages by when they were received, not by when they were
 * filed: contacts of one conversation are filed concurrently (two partitions, several hubs,
 * retries), so a message can be filed after a newer one.
 */
@ExtendWith(VertxExtension.class)
class ConversationSentimentOrderTest {

  private static final Instant EARLIER = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant LATER = EARLIER.plusSeconds(30);

  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();

  private static Future<String> file(ConversationStore store, String conversationId, String id, Instant at,
      double compound) {
    JsonObject message = new JsonObject().put("id", id).put("receivedAt", at.toString());
    return store.addMessage(conversationId, message, "preview", "inbound", compound, true)
        .map(added -> added.conversation().sentiment() == null ? null : String.format("%.4f",
            added.conversation().sentiment()));
  }

  @Test
  void twoMessagesGiveTheSameSentimentInWhicheverOrderTheyAreFiled(Vertx vertx, VertxTestContext test) {
    String inOrder = "cv_order_a_" + System.nanoTime();
    String lateOlder = "cv_order_b_" + System.nanoTime();
    Redis.connect(vertx, server.url())
        .compose(redis -> {
          ConversationStore store = new ConversationStore(redis);
          // a complaint, then a neutral "call ended"
          return file(store, inOrder, "m1", EARLIER, -0.8)
              .compose(v -> file(store, inOrder, "m2", LATER, 0.0))
              .compose(expected -> file(store, lateOlder, "m2", LATER, 0.0)
                  .compose(v -> file(store, lateOlder, "m1", EARLIER, -0.8))
                  .map(actual -> new String[] {expected, actual}))
              .eventually(() -> redis.shutdown());
        })
        .onComplete(test.succeeding(both -> test.verify(() -> {
          assertEquals(both[0], both[1], "filed in order vs the older one filed last");
          test.completeNow();
        })));
  }
}
