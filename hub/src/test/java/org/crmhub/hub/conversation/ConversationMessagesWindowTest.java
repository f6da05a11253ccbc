package org.crmhub.hub.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.RedisPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A conversation longer than what is shown of it shows its newest messages, oldest first. */
@ExtendWith(VertxExtension.class)
class ConversationMessagesWindowTest {

  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();

  @Test
  void aLongConversationShowsItsNewestMessagesOldestFirst(Vertx vertx, VertxTestContext test) {
    String conversationId = "cv_window_" + System.nanoTime();
    Redis.connect(vertx, server.url())
        .compose(redis -> {
          ConversationStore store = new ConversationStore(redis);
          Future<Void> added = Future.succeededFuture();
          for (int i = 1; i <= 5; i++) {
            JsonObject note = new JsonObject().put("id", "nt_" + i)
                .put("receivedAt", Instant.parse("2026-12-01T10:00:00Z").plusSeconds(i).toString());
            added = added.compose(v -> store.addNote(conversationId, note));
          }
          return added.compose(v -> store.messages(conversationId, 3))
              .eventually(() -> redis.shutdown());
        })
        .onComplete(test.succeeding(messages -> test.verify(() -> {
          assertEquals(List.of("nt_3", "nt_4", "nt_5"), messages.stream().map(m -> m.getString("id")).toList());
          test.completeNow();
        })));
  }
}
