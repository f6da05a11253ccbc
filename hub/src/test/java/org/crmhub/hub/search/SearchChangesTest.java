package org.crmhub.hub.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crmhub.hub.redis.StreamEntry;
import org.junit.jupiter.api.Test;

class SearchChangesTest {

  private static int sequence;

  private static StreamEntry event(String type, JsonObject data) {
    return new StreamEntry("1-" + sequence++, Map.of("type", type, "data", data.encode()));
  }

  private static JsonObject message(String conversationId, String messageId) {
    return new JsonObject().put("conversationId", conversationId).put("message", new JsonObject().put("id", messageId));
  }

  @Test
  void namesTheMessagesAndConversationsTheEventsChangedInTheirOrder() {
    SearchChanges changes = SearchChanges.of(List.of(
        event("message.created", message("cv_1", "ct_1")),
        event("contact.received", new JsonObject().put("conversationId", "cv_9")),
        event("message.sent", message("cv_2", "rp_1")),
        event("note.created", message("cv_1", "nt_1")),
        event("message.failed", message("cv_2", "rp_2")),
        event("message.sentiment_corrected", new JsonObject().put("conversationId", "cv_1").put("messageId", "ct_1")),
        event("conversation.updated", new JsonObject().put("conversationId", "cv_3")),
        event("customer.merged", new JsonObject().put("conversations", new JsonArray().add("cv_4").add("cv_1"))),
        event("customer.split", new JsonObject().put("conversations", new JsonArray().add("cv_5")))));
    Map<String, Set<String>> expected = new LinkedHashMap<>();
    expected.put("cv_1", Set.of("ct_1", "nt_1"));
    expected.put("cv_2", Set.of("rp_1", "rp_2"));
    expected.put("cv_3", Set.of());
    expected.put("cv_4", Set.of());
    expected.put("cv_5", Set.of());
    assertEquals(expected, changes.messages());
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(changes.messages().keySet()));
  }

  @Test
  void anUnreadableEventIsSkippedAndTheRestRead() {
    SearchChanges changes = SearchChanges.of(List.of(
        new StreamEntry("1-1", Map.of("type", "message.created", "data", "{not json")),
        event("message.created", new JsonObject().put("conversationId", "cv_1").put("message", "not an object")),
        event("customer.merged", new JsonObject().put("conversations", "cv_x")),
        event("conversation.updated", new JsonObject()),
        event("message.created", message("cv_2", "ct_2"))));
    assertEquals(Map.of("cv_2", Set.of("ct_2")), changes.messages());
  }
}
