package org.crmhub.hub.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.crmhub.hub.redis.StreamEntry;
import org.junit.jupiter.api.Test;

class SseFrameTest {

  private static String dataLine(String frame) {
    String[] lines = frame.split("\n");
    assertEquals(5, lines.length + 2, "three lines and the blank line that ends the frame: " + frame);
    return lines[2].substring("data: ".length());
  }

  @Test
  void carriesTheStreamIdTheTypeAndTheEventAsOneJsonLine() {
    JsonObject data = new JsonObject().put("text", "a \"quoted\" word, </script> and a line\nbreak");
    String frame = SseFrame.of(new StreamEntry("1700000000000-7", Map.of("type", "message.created",
        "eventId", "ev_1", "timestamp", "2026-12-06T10:00:00Z", "data", data.encode())));
    assertEquals("1700000000000-7", SseFrame.idOf(frame));
    assertEquals("id: 1700000000000-7\nevent: message.created\n", frame.substring(0, frame.indexOf("data: ")));
    assertEquals(new JsonObject().put("id", "ev_1").put("type", "message.created")
        .put("timestamp", "2026-12-06T10:00:00Z").put("data", data), new JsonObject(dataLine(frame)));
  }

  @Test
  void dataWithALineBreakOrNothingStillMakesOneDataLine() {
    String spread = "{\n  \"n\": 1\n}";
    String frame = SseFrame.of(new StreamEntry("1-1", Map.of("type", "t", "eventId", "e", "timestamp", "x",
        "data", spread)));
    assertEquals(new JsonObject().put("n", 1), new JsonObject(dataLine(frame)).getJsonObject("data"));
    String bare = SseFrame.of(new StreamEntry("1-2", Map.of("type", "t")));
    assertEquals(new JsonObject().put("id", null).put("type", "t").put("timestamp", null).put("data", new JsonObject()),
        new JsonObject(dataLine(bare)));
  }
}
