package org.crmhub.hub.search;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a batch of the feed's changes to the index, a few conversations at a time: reads each
 * conversation's facts and named messages from Redis as they are now, writes those messages, and
 * writes all the messages of every conversation whose documents hold other facts (a status, tag
 * or assignee change, a merge or split, a new message reopening it), a page at a time. Only then
 * does the position move, so it never passes a change that is not written; a batch that names
 * thousands of conversations (a big merge) is worked through in bounded steps.
 */
final class SearchUpdates {

  /** Conversations read and checked at once. */
  static final int CONVERSATIONS_PER_STEP = 50;

  /** The index's side, each call off the event loop. */
  interface Index {
    /** Writes (or replaces) documents, then moves the position to {@code upTo} (null: leaves it). */
    Future<Void> put(List<MessageDocument> documents, String upTo);

    /** See {@link SearchIndex#outdated}. */
    Future<Set<String>> outdated(Map<String, String> stateByConversation);

    /** See {@link SearchIndex#erase}. */
    Future<Void> erase(Set<String> conversationIds);
  }

  private final ConversationDocuments documents;
  private final Index index;

  SearchUpdates(ConversationDocuments documents, Index index) {
    this.documents = documents;
    this.index = index;
  }

  Future<Void> apply(SearchChanges changes, String upTo) {
    List<String> conversationIds = List.copyOf(changes.messages().keySet());
    return step(changes, conversationIds, 0)
        .compose(v -> changes.erased().isEmpty() ? Future.succeededFuture() : index.erase(changes.erased()))
        .compose(v -> index.put(List.of(), upTo));
  }

  private Future<Void> step(SearchChanges changes, List<String> conversationIds, int from) {
    if (from >= conversationIds.size()) {
      return Future.succeededFuture();
    }
    List<String> step = conversationIds.subList(from, Math.min(conversationIds.size(), from + CONVERSATIONS_PER_STEP));
    List<Future<ConversationDocuments.Read>> reading = step.stream()
        .map(conversationId -> documents.factsAndDocuments(conversationId, changes.messages().get(conversationId)))
        .toList();
    return Future.all(reading)
        .compose(read -> {
          Map<String, ConversationDocuments.Read> found = new LinkedHashMap<>();
          for (int i = 0; i < step.size(); i++) {
            // a conversation that is gone has nothing to index
            if (reading.get(i).result() != null) {
              found.put(step.get(i), reading.get(i).result());
            }
          }
          return update(found);
        })
        .compose(v -> step(changes, conversationIds, from + CONVERSATIONS_PER_STEP));
  }

  private Future<Void> update(Map<String, ConversationDocuments.Read> read) {
    Map<String, String> states = new LinkedHashMap<>();
    List<MessageDocument> named = new ArrayList<>();
    read.forEach((conversationId, current) -> {
      states.put(conversationId, current.facts().state());
      named.addAll(current.documents());
    });
    // checked before the named messages are written with the current facts
    return index.outdated(states)
        .compose(outdated -> index.put(named, null).map(outdated))
        .compose(outdated -> {
          Future<Void> rewritten = Future.succeededFuture();
          for (String conversationId : outdated) {
            rewritten = rewritten.compose(v -> documents.eachPage(conversationId, read.get(conversationId).facts(),
                page -> index.put(page, null)));
          }
          return rewritten;
        });
  }
}
