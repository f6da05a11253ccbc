package org.crmhub.hub.conversation;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.crmhub.hub.conversation.ConversationStore.SentimentCorrected;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.customer.CustomerStore.SentimentPoint;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.events.EventType;
import org.crmhub.hub.failure.NotFound;
import org.crmhub.hub.sentiment.SentimentLabel;
import org.crmhub.hub.sentiment.SentimentScoring;
import org.crmhub.hub.sentiment.learning.LabelledText;
import org.crmhub.hub.sentiment.learning.TrainingExamples;

/**
 * Staff correcting the sentiment of a customer's message, and undoing it. The conversation's
 * script decides (one slot: the message's correction and the conversation's sentiment change
 * together, and its version orders concurrent corrections); the inbox index, the customer's
 * sentiment point and the training examples follow, each skipping or outranking writes of an
 * older version, so agents correcting one message at once end with every view as the last
 * correction says.
 */
public final class SentimentCorrections {

  private final ConversationStore conversations;
  private final CustomerStore customers;
  private final InboxIndex inbox;
  private final DomainEvents events;
  private final TrainingExamples examples;

  public SentimentCorrections(ConversationStore conversations, CustomerStore customers, InboxIndex inbox,
      DomainEvents events, TrainingExamples examples) {
    this.conversations = conversations;
    this.customers = customers;
    this.inbox = inbox;
    this.events = events;
    this.examples = examples;
  }

  /** Labels the message {@code label}; answers its sentiment as staff now see it. */
  public Future<JsonObject> correct(String conversationId, String messageId, SentimentLabel label, String actor) {
    Instant at = Instant.now();
    return customerMessage(conversationId, messageId)
        .compose(message -> conversations.correctSentiment(conversationId, messageId,
            SentimentCorrection.of(label, analysed(message).getDouble("compound"), actor, at)))
        .compose(corrected -> follow(corrected, actor, at));
  }

  /** Undoes the message's correction: the analyser's score counts again. */
  public Future<JsonObject> undo(String conversationId, String messageId, String actor) {
    Instant at = Instant.now();
    return customerMessage(conversationId, messageId)
        .compose(message -> conversations.correctSentiment(conversationId, messageId, null))
        .compose(corrected -> follow(corrected, actor, at));
  }

  /** The message, refused early when it is missing or has no sentiment (the script checks again). */
  private Future<JsonObject> customerMessage(String conversationId, String messageId) {
    return conversations.message(conversationId, messageId).compose(message -> {
      if (message == null) {
        return conversations.status(conversationId).compose(status -> Future.failedFuture(status == null
            ? new NotFound("conversation " + conversationId)
            : new NotFound("message " + messageId + " in conversation " + conversationId)));
      }
      if (!"inbound".equals(message.getString("direction")) || message.getJsonObject("sentiment") == null) {
        return Future.failedFuture(NotFound.because("message " + messageId + " is a staff reply or note: only the"
            + " customer's messages have a sentiment to correct"));
      }
      return Future.succeededFuture(message);
    });
  }

  /** The sentiment the analyser gave the message, whether or not a person corrected it since. */
  private static JsonObject analysed(JsonObject message) {
    JsonObject sentiment = message.getJsonObject("sentiment");
    JsonObject original = sentiment.getJsonObject("original");
    return original != null ? original : sentiment;
  }

  /** What follows a change the conversation's script made: index, customer point, training example, event. */
  private Future<JsonObject> follow(SentimentCorrected corrected, String actor, Instant at) {
    JsonObject message = corrected.message();
    JsonObject sentiment = message.getJsonObject("sentiment");
    if (!corrected.changed()) {
      return Future.succeededFuture(sentiment);
    }
    Conversation conversation = corrected.conversation();
    String conversationId = conversation.id();
    String messageId = message.getString("id");
    long version = Long.parseLong(conversation.version());
    boolean isCorrected = sentiment.getBoolean("corrected", false);
    SentimentLabel originalLabel = SentimentLabel.fromWireName(analysed(message).getString("label"));
    Future<Void> recorded = isCorrected
        ? examples.corrected(conversationId, messageId, version,
            new LabelledText(SentimentLabel.fromWireName(sentiment.getString("label")),
                SentimentScoring.readText(message.getString("text"), message.getString("subject"))),
            originalLabel, actor, at)
        : examples.undone(conversationId, messageId, version, actor, at);
    return Future.all(inbox.index(conversation, null), customerPoint(conversation, message, version), recorded)
        .compose(done -> events.publish(EventType.MESSAGE_SENTIMENT_CORRECTED, messageId + ":" + version,
            new JsonObject()
                .put("conversationId", conversationId)
                .put("customerId", conversation.customerId())
                .put("messageId", messageId)
                .put("label", sentiment.getString("label"))
                .put("corrected", isCorrected)
                .put("originalLabel", originalLabel.wireName())
                .put("actor", actor)))
        .map(sentiment);
  }

  /** The customer's point for the message as it counts now; none for an unscored one whose correction was undone. */
  private Future<Void> customerPoint(Conversation conversation, JsonObject message, long version) {
    String customerId = conversation.customerId();
    if (customerId == null) {
      return Future.succeededFuture();
    }
    JsonObject sentiment = message.getJsonObject("sentiment");
    long atMillis = Instant.parse(message.getString("receivedAt")).toEpochMilli();
    boolean counts = sentiment.getBoolean("corrected", false) || sentiment.getBoolean("scored", true);
    SentimentPoint point = counts
        ? new SentimentPoint(atMillis, sentiment.getDouble("compound"), message.getString("id"), conversation.id())
        : null;
    return customers.replaceSentimentPoint(customerId, message.getString("id"), atMillis, point, version).mapEmpty();
  }
}
