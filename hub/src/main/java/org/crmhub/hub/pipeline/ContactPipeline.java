package org.crmhub.hub.pipeline;

import static org.crmhub.hub.JsonFields.putIfPresent;
import org.crmhub.hub.events.EventType;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.connector.CallEvent;
import org.crmhub.connector.InboundContact;
import org.crmhub.hub.conversation.Conversation;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.conversation.ConversationThreader;
import org.crmhub.hub.conversation.ConversationStore.Added;
import org.crmhub.hub.conversation.ConversationStore.Opening;
import org.crmhub.hub.conversation.InboxIndex;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.customer.CustomerStore.SentimentPoint;
import org.crmhub.hub.customer.IdentityResolver;
import org.crmhub.hub.customer.ResolvedCustomer;
import org.crmhub.hub.customer.SentimentTrend;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.events.DomainEvents.Event;
import org.crmhub.hub.ingest.ContactProcessor;
import org.crmhub.hub.sentiment.SentimentScoring;
import org.crmhub.hub.sentiment.SentimentScore;

/**
 * What happens to an accepted contact: customer, conversation, sentiment, stored message, inbox
 * indexes, events. Every step is idempotent, so a redelivered contact converges on the same
 * result; events are at-least-once with stable ids.
 */
public final class ContactPipeline implements ContactProcessor {

  private static final int PREVIEW_LENGTH = 140;
  /**
   * Event sequence numbers reserved with each filing: contact.received, conversation.created (a
   * gap when the contact joined an existing conversation: receivers only order by them) and
   * message.created.
   */
  private static final int SEQUENCES_PER_CONTACT = 3;

  private final IdentityResolver resolver;
  private final ConversationThreader threader;
  private final ConversationStore conversations;
  private final CustomerStore customers;
  private final InboxIndex inbox;
  private final SentimentScoring sentiment;
  private final DomainEvents events;
  private final ScreenPop screenPop;

  public ContactPipeline(IdentityResolver resolver, ConversationThreader threader,
      ConversationStore conversations, CustomerStore customers, InboxIndex inbox,
      SentimentScoring sentiment, DomainEvents events) {
    this.resolver = resolver;
    this.threader = threader;
    this.conversations = conversations;
    this.customers = customers;
    this.inbox = inbox;
    this.sentiment = sentiment;
    this.events = events;
    this.screenPop = new ScreenPop(customers, conversations);
  }

  @Override
  public Future<Void> process(String contactId, InboundContact contact) {
    // scoring runs beside the Redis steps (on a worker for long text) and is awaited only to store;
    // where an earlier delivery filed the contact is looked up beside the customer
    Future<SentimentScore> scoring = sentiment.score(scoredText(contact));
    Future<String> filedBefore = conversations.conversationOfContact(contactId);
    return resolver.resolve(contactId, contact)
        .compose(customer -> filedBefore
            .compose(filed -> threader.place(contactId, contact, customer, filed))
            .compose(conversationId -> scoring.compose(score -> record(contactId, contact, customer, conversationId, score))));
  }

  private Future<Void> record(String contactId, InboundContact contact, ResolvedCustomer customer,
      String conversationId, SentimentScore score) {
    JsonObject message = message(contactId, contact, score);
    String customerId = customer == null ? null : customer.id();
    Opening opening = new Opening(contact.channel().wireName(), customerId, contact.subject(),
        contact.receivedAt(), contactId);
    Future<Void> remembered = threader.remember(contactId, contact, customerId, conversationId);
    Future<Added> filed = conversations.addMessage(conversationId, opening, SEQUENCES_PER_CONTACT, message,
        preview(contact), "inbound", score.compound(), score.scored());
    return Future.all(remembered, filed).compose(done -> {
      Added added = filed.result();
      Conversation stored = added.conversation();
      boolean created = contactId.equals(added.firstContactId());
      long firstSequence = added.lastSequence() - SEQUENCES_PER_CONTACT + 1;
      // the events go out with the index writes, after them on the connection: a receiver that
      // reads the inbox on message.created finds the message there
      if (customer == null) {
        // a withheld caller still rings: call.started and a "withheld" screen pop
        Future<Void> indexed = inbox.index(stored, null);
        Future<Void> published = publish(contactId, contact, null, created, message, stored, firstSequence);
        return Future.all(indexed, published)
            .compose(v -> added.added() ? callEvents(contactId, contact, null, conversationId)
                : Future.succeededFuture());
      }
      // text in another language is not scored, so it does not move the customer's trend; a
      // redelivered message has been judged already, so only a new one asks for the points
      SentimentPoint point = score.scored()
          ? new SentimentPoint(contact.receivedAt().toEpochMilli(), score.compound(), contactId, conversationId)
          : null;
      boolean judge = added.added() && point != null;
      Future<List<SentimentPoint>> trend = customers.recordMessage(customer.id(), conversationId,
          (long) stored.lastActivityMs(), point, judge);
      Future<Void> indexed = inbox.index(stored, null);
      Future<Void> published = publish(contactId, contact, customer, created, message, stored, firstSequence);
      return Future.all(trend, indexed, published)
          // after the message's events, so its sequence orders the alert after the message
          .compose(v -> judge ? alertIfTurnedNegative(contactId, customer, conversationId, trend.result())
              : Future.succeededFuture())
          .compose(v -> added.added() ? callEvents(contactId, contact, customer, conversationId)
              : Future.succeededFuture());
    });
  }

  /** Phone contacts carry call events: a screen pop when a call arrives, tags from the menu. */
  private Future<Void> callEvents(String contactId, InboundContact contact, ResolvedCustomer customer,
      String conversationId) {
    CallEvent event = CallEvent.of(contact).orElse(null);
    if (event == null) {
      return Future.succeededFuture();
    }
    JsonObject call = new JsonObject()
        .put("callSid", event.callSid())
        .put("conversationId", conversationId)
        .put("customerId", customer == null ? null : customer.id())
        .put("from", contact.from().identities().isEmpty() ? null : contact.from().identities().get(0).value())
        .put("to", event.to());
    return switch (event.kind()) {
      case STARTED -> events.publish(EventType.CALL_STARTED, contactId, call)
          .compose(v -> screenPop.build(call, customer))
          .compose(pop -> events.publish(EventType.SCREEN_POP, contactId, pop))
          .mapEmpty();
      case ENDED -> events.publish(EventType.CALL_ENDED, contactId, call
              .put("callStatus", event.status())
              .put("durationSeconds", event.durationSeconds()))
          .mapEmpty();
      case MENU -> event.menuTag() == null
          ? Future.succeededFuture()
          : conversations.addTag(conversationId, event.menuTag());
      default -> Future.succeededFuture();
    };
  }

  /** Publishes {@code sentiment.alert} when this message tips the customer's trend to negative. */
  private Future<Void> alertIfTurnedNegative(String contactId, ResolvedCustomer customer, String conversationId,
      List<SentimentPoint> points) {
    SentimentTrend now = SentimentTrend.of(points);
    SentimentTrend before = SentimentTrend.of(points.stream()
        .filter(point -> !point.messageId().equals(contactId)).toList());
    if (!now.isNegative() || before.isNegative()) {
      return Future.succeededFuture();
    }
    JsonObject alert = new JsonObject()
        .put("customerId", customer.id())
        .put("customerName", customer.name())
        .put("conversationId", conversationId)
        .put("messageId", contactId)
        .put("trend", now.current())
        .put("previousLabel", before.label() == null ? "none" : before.label());
    return events.publish(EventType.SENTIMENT_ALERT, contactId, alert).mapEmpty();
  }

  private Future<Void> publish(String contactId, InboundContact contact, ResolvedCustomer customer,
      boolean conversationCreated, JsonObject message, Conversation conversation, long firstSequence) {
    String conversationId = conversation.id();
    List<Event> published = new ArrayList<>();
    String customerId = customer == null ? null : customer.id();
    published.add(new Event(EventType.CONTACT_RECEIVED, contactId, new JsonObject()
        .put("contactId", contactId)
        .put("channel", contact.channel().wireName())
        .put("externalId", contact.externalId())
        .put("customerId", customerId)
        .put("conversationId", conversationId)));
    if (customer != null && customer.created()) {
      published.add(new Event(EventType.CUSTOMER_CREATED, customer.id(), new JsonObject()
          .put("customerId", customer.id())
          .put("name", customer.name())
          .put("identities", contact.from().identities().stream().map(i -> i.key()).toList())));
    }
    if (conversationCreated) {
      published.add(new Event(EventType.CONVERSATION_CREATED, conversationId,
          new JsonObject()
              .put("conversationId", conversationId)
              .put("channel", contact.channel().wireName())
              .put("customerId", customerId)
              .put("subject", conversation.subject())));
    }
    published.add(new Event(EventType.MESSAGE_CREATED, contactId, new JsonObject()
        .put("conversationId", conversationId)
        .put("customerId", customerId)
        .put("customerName", customer == null ? null : customer.name())
        // the HTML (up to 500 KB) stays out of events: the conversation has it
        .put("message", withoutHtml(message))));
    return events.publishNumbered(published, conversationId, firstSequence).mapEmpty();
  }

  private static JsonObject message(String contactId, InboundContact contact, SentimentScore score) {
    JsonObject message = new JsonObject()
        .put("id", contactId)
        .put("direction", "inbound")
        .put("channel", contact.channel().wireName())
        .put("externalId", contact.externalId())
        .put("receivedAt", contact.receivedAt().toString())
        .put("sentiment", sentimentJson(score))
        .put("metadata", contact.metadata());
    if (!contact.from().identities().isEmpty()) {
      message.put("from", contact.from().identities().get(0).key());
    }
    putIfPresent(message, "fromName", contact.from().name());
    putIfPresent(message, "subject", contact.subject());
    putIfPresent(message, "text", contact.text());
    putIfPresent(message, "html", contact.html());
    return message;
  }

  private static JsonObject withoutHtml(JsonObject message) {
    JsonObject copy = message.copy();
    copy.remove("html");
    return copy;
  }

  private static JsonObject sentimentJson(SentimentScore score) {
    JsonObject json = new JsonObject()
        .put("compound", score.compound())
        .put("label", score.label().wireName())
        .put("scored", score.scored());
    if (!score.scored()) {
      json.put("language", score.language());
    }
    return json;
  }

  private static String scoredText(InboundContact contact) {
    return SentimentScoring.scoredText(contact.text(), contact.subject());
  }

  private static String preview(InboundContact contact) {
    String text = scoredText(contact).strip();
    int newline = text.indexOf('\n');
    String firstLine = newline < 0 ? text : text.substring(0, newline).strip();
    return firstLine.length() <= PREVIEW_LENGTH ? firstLine : firstLine.substring(0, PREVIEW_LENGTH - 1) + "…";
  }

}
