package org.crmhub.hub.search;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.crmhub.hub.async.AsyncLoop;
import org.crmhub.hub.conversation.InboxIndex;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.Scored;
import org.crmhub.hub.redis.Streams;

/**
 * Fills an empty index from what Redis holds — every message of every conversation, read as the
 * feed reads them ({@link ConversationDocuments}) — rather than from
 * the events stream, which is capped and so forgets old messages. It notes the newest event first
 * and answers it as the position to follow on from: anything filed meanwhile is in an event after
 * it, and indexing a message twice replaces it.
 */
final class SearchRebuild {

  private static final int CONVERSATIONS_PER_PAGE = 100;
  /** The position of an index filled when no event was ever published: the stream's start. */
  static final String STREAM_START = "0-0";

  private final Redis redis;
  private final InboxIndex inbox;
  private final ConversationDocuments documents;
  private final int conversationsPerPage;

  SearchRebuild(Redis redis, InboxIndex inbox, ConversationDocuments documents) {
    this(redis, inbox, documents, CONVERSATIONS_PER_PAGE);
  }

  SearchRebuild(Redis redis, InboxIndex inbox, ConversationDocuments documents, int conversationsPerPage) {
    this.redis = redis;
    this.inbox = inbox;
    this.documents = documents;
    this.conversationsPerPage = conversationsPerPage;
  }

  /**
   * @param write indexes one page of messages (off the event loop)
   * @param going false to stop early (the hub is stopping); the index then stays unfilled
   * @return the events-stream position the filled index holds everything up to, or null when stopped early
   */
  Future<String> fill(Function<List<MessageDocument>, Future<Void>> write, BooleanSupplier going) {
    return Streams.newestId(redis, DomainEvents.STREAM)
        .compose(newest -> AsyncLoop.iterate(Paging.START, Paging::ended, paging -> page(paging, write, going))
            .map(ended -> ended.finished() ? (newest == null ? STREAM_START : newest) : null));
  }

  /**
   * Where paging through the conversations by activity stands: the next page begins after
   * {@code skip} conversations at {@code fromScore}; {@code finished} is null until it ends, then
   * true when every conversation was read, false when it stopped early.
   */
  private record Paging(double fromScore, long skip, Boolean finished) {
    static final Paging START = new Paging(Double.NEGATIVE_INFINITY, 0, null);

    boolean ended() {
      return finished != null;
    }
  }

  private Future<Paging> page(Paging at, Function<List<MessageDocument>, Future<Void>> write, BooleanSupplier going) {
    if (!going.getAsBoolean()) {
      return Future.succeededFuture(new Paging(at.fromScore(), at.skip(), false));
    }
    return inbox.everyConversation(at.fromScore(), at.skip(), conversationsPerPage).compose(page -> {
      if (page.isEmpty()) {
        return Future.succeededFuture(new Paging(at.fromScore(), at.skip(), true));
      }
      double last = page.get(page.size() - 1).score();
      long atLast = page.stream().filter(scored -> scored.score() == last).count();
      long nextSkip = last == at.fromScore() ? at.skip() + atLast : atLast;
      return index(page, write)
          .map(written -> new Paging(last, nextSkip, page.size() < conversationsPerPage ? Boolean.TRUE : null));
    });
  }

  /** Every message of the page's conversations, each conversation a page of messages at a time. */
  private Future<Void> index(List<Scored> page, Function<List<MessageDocument>, Future<Void>> write) {
    List<Future<Void>> each = new ArrayList<>();
    for (Scored scored : page) {
      String conversationId = scored.member();
      each.add(documents.facts(conversationId).compose(facts -> facts == null ? Future.succeededFuture()
          : documents.eachPage(conversationId, facts, write)));
    }
    return Future.all(each).mapEmpty();
  }
}
