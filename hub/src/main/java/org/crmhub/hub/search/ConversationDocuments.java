package org.crmhub.hub.search;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.customer.CustomerStore;

/**
 * Reads what the index should hold about a conversation from Redis as it is now: its facts and its
 * messages' documents, a few messages or all of them a page at a time. The events feed and the
 * rebuild both read through here, so they index the same documents.
 */
final class ConversationDocuments {

  /** Messages read and written at once when a whole conversation is indexed. */
  static final int MESSAGES_PER_PAGE = 200;

  private final ConversationStore conversations;
  private final CustomerStore customers;

  ConversationDocuments(ConversationStore conversations, CustomerStore customers) {
    this.conversations = conversations;
    this.customers = customers;
  }

  /** The conversation's facts now, or null when there is no such conversation. */
  Future<ConversationFacts> facts(String conversationId) {
    return conversations.find(conversationId).compose(conversation -> conversation == null
        ? Future.succeededFuture(null)
        : customers.name(conversation.customerId()).map(name -> ConversationFacts.of(conversation, name)));
  }

  /** A conversation's facts now and the documents of those of the messages it has; read together. */
  record Read(ConversationFacts facts, List<MessageDocument> documents) {}

  /**
   * The facts and the named messages' documents in two round trips, not four: the conversation and
   * its messages in one step, then its customer's name. Null when there is no such conversation.
   */
  Future<Read> factsAndDocuments(String conversationId, Collection<String> messageIds) {
    return conversations.withMessages(conversationId, List.copyOf(messageIds)).compose(read -> read == null
        ? Future.succeededFuture(null)
        : customers.name(read.conversation().customerId()).map(name -> {
          ConversationFacts facts = ConversationFacts.of(read.conversation(), name);
          return new Read(facts, documents(conversationId, facts, read.messages()));
        }));
  }

  /**
   * Hands every message's document to {@code write}, a page at a time, one page after the other;
   * a message filed meanwhile may be missed (its own event indexes it).
   */
  Future<Void> eachPage(String conversationId, ConversationFacts facts,
      Function<List<MessageDocument>, Future<Void>> write) {
    return page(conversationId, facts, 0, write);
  }

  private Future<Void> page(String conversationId, ConversationFacts facts, long start,
      Function<List<MessageDocument>, Future<Void>> write) {
    return conversations.messagePage(conversationId, start, MESSAGES_PER_PAGE).compose(messages -> {
      if (messages.isEmpty()) {
        return Future.succeededFuture();
      }
      return write.apply(documents(conversationId, facts, messages))
          .compose(v -> messages.size() < MESSAGES_PER_PAGE ? Future.succeededFuture()
              : page(conversationId, facts, start + MESSAGES_PER_PAGE, write));
    });
  }

  private static List<MessageDocument> documents(String conversationId, ConversationFacts facts,
      List<JsonObject> messages) {
    List<MessageDocument> documents = new ArrayList<>();
    for (JsonObject message : messages) {
      MessageDocument document = MessageDocument.of(message, conversationId, facts);
      if (document != null) {
        documents.add(document);
      }
    }
    return documents;
  }
}
