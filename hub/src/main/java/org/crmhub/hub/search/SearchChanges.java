package org.crmhub.hub.search;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crmhub.hub.events.EventType;
import org.crmhub.hub.redis.StreamEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a batch of events changed that the index holds, by conversation: the messages to write
 * (filed, sent, noted, their sentiment corrected) and conversations whose facts may have changed
 * (status, tags, assignee; a customer merge or split moves them). The index re-reads all of it
 * from Redis, so only the ids are taken from the events.
 *
 * @param messages message ids by conversation id, in the order the events named them; an empty
 *     set: no message, only the conversation's facts to check
 * @param erased conversations erased: their documents go, for good
 */
record SearchChanges(Map<String, Set<String>> messages, Set<String> erased) {

  private static final Logger LOG = LoggerFactory.getLogger(SearchChanges.class);

  boolean isEmpty() {
    return messages.isEmpty() && erased.isEmpty();
  }

  static SearchChanges of(List<StreamEntry> entries) {
    Map<String, Set<String>> messages = new LinkedHashMap<>();
    Set<String> erased = new LinkedHashSet<>();
    for (StreamEntry entry : entries) {
      try {
        String type = entry.field("type");
        JsonObject data = new JsonObject(entry.field("data", "{}"));
        if (is(type, EventType.CONVERSATION_ERASED)) {
          String conversationId = data.getString("erasedConversationId");
          if (conversationId != null) {
            erased.add(conversationId);
          }
        } else {
          read(type, data, messages);
        }
      } catch (RuntimeException unreadable) {
        // one malformed event must not stop the index for good
        LOG.warn("search index: event {} skipped, unreadable: {}", entry.id(), unreadable.toString());
      }
    }
    // nothing is left in Redis to write of an erased conversation
    erased.forEach(messages::remove);
    return new SearchChanges(messages, erased);
  }

  private static void read(String type, JsonObject data, Map<String, Set<String>> messages) {
    String conversationId = data.getString("conversationId");
    if (is(type, EventType.MESSAGE_CREATED) || is(type, EventType.MESSAGE_SENT) || is(type, EventType.MESSAGE_FAILED)
        || is(type, EventType.NOTE_CREATED)) {
      JsonObject message = data.getJsonObject("message");
      String messageId = message == null ? null : message.getString("id");
      if (conversationId != null && messageId != null) {
        conversation(messages, conversationId).add(messageId);
      }
    } else if (is(type, EventType.MESSAGE_SENTIMENT_CORRECTED)) {
      String messageId = data.getString("messageId");
      if (conversationId != null && messageId != null) {
        conversation(messages, conversationId).add(messageId);
      }
    } else if (is(type, EventType.CONVERSATION_UPDATED)) {
      if (conversationId != null) {
        conversation(messages, conversationId);
      }
    } else if (is(type, EventType.CUSTOMER_MERGED) || is(type, EventType.CUSTOMER_SPLIT)) {
      JsonArray moved = data.getJsonArray("conversations", new JsonArray());
      for (Object id : moved) {
        if (id instanceof String movedId) {
          conversation(messages, movedId);
        }
      }
    }
  }

  private static boolean is(String type, EventType expected) {
    return expected.wireName().equals(type);
  }

  private static Set<String> conversation(Map<String, Set<String>> messages, String conversationId) {
    return messages.computeIfAbsent(conversationId, id -> new LinkedHashSet<>());
  }
}
