package org.crmhub.hub.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.crmhub.hub.conversation.ConversationService.View;
import org.junit.jupiter.api.Test;

/** The conversation's answer splices its stored messages into the summary without parsing them. */
class ConversationViewBodyTest {

  @Test
  void theMessagesFollowTheSummaryInOrderAsOneJsonDocument() {
    JsonObject summary = new JsonObject().put("id", "cv_1").put("subject", "\"messages\":[] in a subject")
        .put("customer", new JsonObject().put("id", "cu_1").put("messages", new JsonArray()));
    JsonObject first = new JsonObject().put("id", "m_1").put("text", "line one\nline \"two\" </script>");
    JsonObject second = new JsonObject().put("id", "m_2").put("text", "ünïcödé ✓");
    Buffer body = new View(summary, List.of(first.encode(), second.encode()), "W/\"cv_1-2\"").body();
    assertEquals(summary.copy().put("messages", new JsonArray().add(first).add(second)), new JsonObject(body));
  }

  @Test
  void noMessagesIsAnEmptyList() {
    JsonObject summary = new JsonObject().put("id", "cv_2");
    assertEquals(new JsonObject().put("id", "cv_2").put("messages", new JsonArray()),
        new JsonObject(new View(summary, List.of(), "W/\"cv_2-1\"").body()));
  }

  @Test
  void anEmptySummaryStillMakesOneDocument() {
    JsonObject only = new JsonObject().put("id", "m_1");
    assertEquals(new JsonObject().put("messages", new JsonArray().add(only)),
        new JsonObject(new View(new JsonObject(), List.of(only.encode()), "W/\"cv_3-1\"").body()));
  }
}
