package org.crmhub.hub.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.customer.CustomerStore.SentimentPoint;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.sentiment.SentimentLabel;
import org.crmhub.hub.sentiment.learning.LabelledText;
import org.crmhub.hub.sentiment.learning.TrainingExamples;
import org.crmhub.hub.testing.RedisPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Corrections of one message made at once reach the inbox index, the customer's points and the
 * training examples in any order; each keeps what the newest conversation version says.
 */
@ExtendWith(VertxExtension.class)
class SentimentCorrectionOrderTest {

  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();

  private static Conversation conversation(String id, int version, String label, double score) {
    return new Conversation(Map.of("id", id, "channel", "email", "status", "open", "lastActivityMs", "1000",
        "version", Integer.toString(version), "sentimentLabel", label, "sentiment", Double.toString(score)));
  }

  @Test
  void anOlderVersionIndexedLastLeavesTheInboxAsTheNewerSays(Vertx vertx, VertxTestContext test) {
    String id = "cv_order_" + System.nanoTime();
    Redis.connect(vertx, server.url()).compose(redis -> {
      InboxIndex inbox = new InboxIndex(redis);
      return inbox.index(conversation(id, 7, "negative", -0.5), null)
          .compose(v -> inbox.index(conversation(id, 6, "positive", 0.5), null))
          .compose(v -> Future.all(
              redis.call(c -> c.zscore(InboxIndex.sentiment("negative"), id)),
              redis.call(c -> c.zscore(InboxIndex.sentiment("positive"), id)),
              redis.call(c -> c.zscore(InboxIndex.BY_SENTIMENT, id))))
          .eventually(redis::shutdown);
    }).onComplete(test.succeeding(scores -> test.verify(() -> {
      assertEquals(1000.0, scores.<Double>resultAt(0), "listed as negative");
      assertNull(scores.resultAt(1), "not as positive");
      assertEquals(-0.5, scores.<Double>resultAt(2));
      test.completeNow();
    })));
  }

  @Test
  void anOlderCorrectionOfAPointAppliedLastChangesNothing(Vertx vertx, VertxTestContext test) {
    String customer = "cu_order_" + System.nanoTime();
    long at = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
    Redis.connect(vertx, server.url()).compose(redis -> {
      CustomerStore customers = new CustomerStore(redis);
      return customers.addSentimentPoint(customer, new SentimentPoint(at, 0.7, "ct_1", "cv_1"))
          .compose(v -> customers.replaceSentimentPoint(customer, "ct_1", at, new SentimentPoint(at, -0.5, "ct_1", "cv_1"), 9))
          .compose(newer -> customers.replaceSentimentPoint(customer, "ct_1", at, new SentimentPoint(at, 0.0, "ct_1", "cv_1"), 8)
              .compose(older -> customers.sentimentPoints(customer).map(points -> List.of(newer, older, points))))
          .eventually(redis::shutdown);
    }).onComplete(test.succeeding(outcome -> test.verify(() -> {
      assertTrue((Boolean) outcome.get(0));
      assertFalse((Boolean) outcome.get(1));
      assertEquals(List.of(new SentimentPoint(at, -0.5, "ct_1", "cv_1")), outcome.get(2));
      test.completeNow();
    })));
  }

  @Test
  void theTrainingExampleOfAMessageIsItsNewestVersionsWhateverTheAppendOrder(Vertx vertx, VertxTestContext test) {
    Instant now = Instant.now();
    String message = "ct_examples_" + System.nanoTime();
    String undoneMessage = message + "_undone";
    Redis.connect(vertx, server.url()).compose(redis -> {
      TrainingExamples examples = new TrainingExamples(redis);
      return examples.corrected("cv_1", message, 5, new LabelledText(SentimentLabel.NEGATIVE, "late again"),
              SentimentLabel.POSITIVE, "staff:ann", now)
          .compose(v -> examples.corrected("cv_1", message, 4, new LabelledText(SentimentLabel.NEUTRAL, "late again"),
              SentimentLabel.POSITIVE, "staff:bob", now))
          .compose(v -> examples.corrected("cv_1", undoneMessage, 2, new LabelledText(SentimentLabel.NEUTRAL, "ok"),
              SentimentLabel.POSITIVE, "staff:bob", now))
          .compose(v -> examples.undone("cv_1", undoneMessage, 3, "staff:bob", now))
          .compose(v -> examples.current())
          .eventually(redis::shutdown);
    }).onComplete(test.succeeding(current -> test.verify(() -> {
      assertEquals(1, current.stream().filter(example -> example.messageId().startsWith(message)).count(), current.toString());
      TrainingExamples.TrainingExample kept = current.stream()
          .filter(example -> example.messageId().equals(message)).findFirst().orElseThrow();
      assertEquals(SentimentLabel.NEGATIVE, kept.example().label());
      assertEquals("staff:ann", kept.actor());
      test.completeNow();
    })));
  }
}
