package org.crmhub.hub.search;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.crmhub.hub.conversation.Conversation;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.conversation.InboxIndex;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.Scored;
import org.crmhub.hub.redis.Streams;

/**
 * Fills an empty index from what Redis holds — every conversation's messages — rather than from
 * the events stream, which is capped and so forgets old messages. It notes the newest event first
 * and answers it as the position to follow on from: anything filed meanwhile is in an event after
 * it, and indexing a message twice replaces it.
 */
final class SearchRebuild {

  private static final int CONVERSATIONS_PER_PAGE = 100;
  private static final int MAX_MESSAGES_PER_CONVERSATION = 100_000;
  /** The position of an index filled when no event was ever published: the stream's start. */
  static final String STREAM_START = "0-0";

  private final Redis redis;
  private final InboxIndex inbox;
  private final ConversationStore conversations;
  private final CustomerStore customers;

  SearchRebuild(Redis redis, InboxIndex inbox, ConversationStore conversations, CustomerStore customers) {
    this.redis = redis;
    this.inbox = inbox;
    this.conversations = conversations;
    this.customers = customers;
  }

  /**
   * @param write indexes one page of messages (off the event loop), answering how many
   * @param going false to stop early (the hub is stopping); the index then stays unfilled
   * @return the events-stream position the filled index holds everything up to, or null when stopped early
   */
  Future<String> fill(Function<List<MessageDocument>, Future<Integer>> write, BooleanSupplier going) {
    return Streams.newestId(redis, DomainEvents.STREAM)
        .compose(newest -> page(Double.NEGATIVE_INFINITY, 0, write, going)
            .map(finished -> finished ? (newest == null ? STREAM_START : newest) : null));
  }

  /** Pages through every conversation by activity; true when all were read. */
  private Future<Boolean> page(double fromScore, long skip,
      Function<List<MessageDocument>, Future<Integer>> write, BooleanSupplier going) {
    if (!going.getAsBoolean()) {
      return Future.succeededFuture(false);
    }
    return inbox.everyConversation(fromScore, skip, CONVERSATIONS_PER_PAGE).compose(page -> {
      if (page.isEmpty()) {
        return Future.succeededFuture(true);
      }
      double last = page.get(page.size() - 1).score();
      long atLast = page.stream().filter(scored -> scored.score() == last).count();
      long nextSkip = last == fromScore ? skip + atLast : atLast;
      return messagesOf(page)
          .compose(write)
          .compose(written -> page.size() < CONVERSATIONS_PER_PAGE
              ? Future.succeededFuture(true)
              : page(last, nextSkip, write, going));
    });
  }

  private Future<List<MessageDocument>> messagesOf(List<Scored> page) {
    List<Future<List<MessageDocument>>> each = new ArrayList<>();
    for (Scored scored : page) {
      each.add(messagesOf(scored.member()));
    }
    return Future.all(each).map(all -> {
      List<MessageDocument> documents = new ArrayList<>();
      each.forEach(one -> documents.addAll(one.result()));
      return documents;
    });
  }

  private Future<List<MessageDocument>> messagesOf(String conversationId) {
    return conversations.find(conversationId).compose(conversation -> {
      if (conversation == null) {
        return Future.succeededFuture(List.of());
      }
      return Future.all(conversations.messages(conversationId, MAX_MESSAGES_PER_CONVERSATION),
              customers.name(conversation.customerId()))
          .map(both -> documents(conversation, both.resultAt(0), both.resultAt(1)));
    });
  }

  private static List<MessageDocument> documents(Conversation conversation,
      List<io.vertx.core.json.JsonObject> messages, String customerName) {
    List<MessageDocument> documents = new ArrayList<>();
    for (io.vertx.core.json.JsonObject message : messages) {
      MessageDocument document = MessageDocument.of(message, conversation.id(), conversation.customerId(),
          customerName);
      if (document != null) {
        documents.add(document);
      }
    }
    return documents;
  }
}
