package org.crmhub.hub.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.crmhub.hub.conversation.Conversation;
import org.junit.jupiter.api.Test;

class PortalViewTest {

  private static JsonObject message(String id, String direction) {
    return new JsonObject().put("id", id).put("direction", direction).put("channel", "portal")
        .put("text", "text " + id).put("receivedAt", "2025-01-01T00:00:00Z")
        .put("sentiment", new JsonObject().put("compound", -0.9)).put("sentBy", "staff:ann")
        .put("metadata", new JsonObject().put("secret", "x"));
  }

  @Test
  void internalNotesFailedSendsAndStaffFieldsNeverReachTheCustomer() {
    List<JsonObject> stored = List.of(
        message("m1", "inbound"),
        message("n1", "internal"),
        message("n2", "outbound").put("kind", "note"),
        message("n3", "outbound").put("internal", true),
        message("f1", "outbound").put("status", "failed"),
        message("r1", "outbound").put("status", "sent"));
    JsonObject view = PortalView.conversation(new Conversation(Map.of("id", "cv_1", "channel", "portal",
        "status", "open", "sentiment", "-0.5", "sentimentLabel", "negative", "assignee", "ann",
        "tags", "[\"vip\"]")), stored);
    assertEquals(List.of("m1", "r1"), view.getJsonArray("messages").stream()
        .map(m -> ((JsonObject) m).getString("id")).toList());
    String encoded = view.encode();
    for (String staffOnly : List.of("sentiment", "assignee", "vip", "staff:ann", "secret")) {
      assertFalse(encoded.contains(staffOnly), staffOnly + " leaked: " + encoded);
    }
  }

  @Test
  void htmlOnlyMailBecomesRoughPlainText() {
    assertEquals("Hello\n\nworld & <you>",
        PortalView.plainText("<p>Hello</p><script>evil()</script><p>world &amp; &lt;you&gt;</p>")
            .replaceAll("\\n\\s*\\n+", "\n\n"));
  }
}
