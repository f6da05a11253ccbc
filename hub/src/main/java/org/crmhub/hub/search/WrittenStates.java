package org.crmhub.hub.search;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which conversations have every document in the index written with the same facts, and which
 * ({@link ConversationFacts#state()}): a conversation whose state is known and unchanged needs no
 * look into the index before its new messages are written. Looking was the costliest part of
 * following the feed under load: it reopened the index's reader for nearly every batch, and each
 * reopen wrote a tiny segment for the merges to rewrite.
 *
 * <p>Known only from what this index answered and was written since; a write with other facts
 * forgets the conversation. Holds the most recently used conversations up to a bound. Thread-safe.
 */
final class WrittenStates {

  private final Map<String, String> stateByConversation;

  WrittenStates(int capacity) {
    this.stateByConversation = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Whether every document of the conversation in the index is known to hold this state. */
  synchronized boolean known(String conversationId, String state) {
    return state.equals(stateByConversation.get(conversationId));
  }

  /** The index answered that every document of the conversation holds this state. */
  synchronized void learn(String conversationId, String state) {
    stateByConversation.put(conversationId, state);
  }

  /** A document of the conversation is being written with this state. */
  synchronized void writing(String conversationId, String state) {
    stateByConversation.computeIfPresent(conversationId, (id, known) -> known.equals(state) ? known : null);
  }

  synchronized void forget(Collection<String> conversationIds) {
    conversationIds.forEach(stateByConversation::remove);
  }

  synchronized void forgetAll() {
    stateByConversation.clear();
  }
}
