package org.crmhub.hub.search;

import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.hub.Digests;
import org.crmhub.hub.conversation.Conversation;

/**
 * What every message of a conversation is indexed with about its conversation: its customer (id
 * and name), status, tags and assignee. When any of it changes, all the conversation's documents
 * are written again; {@link #state()} tells whether a document holds the current facts.
 *
 * @param assignee the staff username, or null when nobody is assigned
 */
record ConversationFacts(String customerId, String customerName, String status, List<String> tags,
    String assignee) {

  ConversationFacts {
    tags = List.copyOf(tags);
  }

  static ConversationFacts of(Conversation conversation, String customerName) {
    List<String> tags = new ArrayList<>();
    try {
      for (Object tag : new JsonArray(conversation.fields().getOrDefault("tags", "[]"))) {
        if (tag instanceof String text) {
          tags.add(text);
        }
      }
    } catch (RuntimeException unreadable) {
      // a conversation's tags are written by the hub as a JSON array; anything else is left out
    }
    String assignee = conversation.assignee();
    return new ConversationFacts(conversation.customerId(), customerName, conversation.status(), tags,
        assignee.isEmpty() ? null : assignee);
  }

  /** A digest of all the facts: equal for equal facts, different (practically always) otherwise. */
  String state() {
    return Digests.sha256Hex(new JsonArray().add(customerId).add(customerName).add(status)
        .add(new JsonArray(tags)).add(assignee).encode());
  }
}
