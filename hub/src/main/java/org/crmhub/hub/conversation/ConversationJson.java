package org.crmhub.hub.conversation;

import static org.crmhub.hub.JsonFields.putIfPresent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** The API shape of a conversation's stored fields. */
public final class ConversationJson {

  private ConversationJson() {}

  public static JsonObject summary(Map<String, String> fields, String customerName) {
    JsonObject json = new JsonObject()
        .put("id", fields.get("id"))
        .put("channel", fields.get("channel"))
        .put("status", fields.getOrDefault("status", "open"))
        .put("tags", new JsonArray(fields.getOrDefault("tags", "[]")))
        .put("messageCount", Integer.parseInt(fields.getOrDefault("messageCount", "0")))
        .put("createdAt", fields.get("createdAt"))
        .put("lastActivityAt", fields.get("lastActivityAt"));
    putIfPresent(json, "customerId", fields.get("customerId"));
    putIfPresent(json, "subject", fields.get("subject"));
    putIfPresent(json, "preview", fields.get("preview"));
    putIfPresent(json, "assignee", fields.get("assignee"));
    putIfPresent(json, "waitingSince", fields.get("waitingSince"));
    putIfPresent(json, "customerName", customerName);
    if (fields.containsKey("sentiment")) {
      json.put("sentiment", new JsonObject()
          .put("compound", Double.parseDouble(fields.get("sentiment")))
          .put("label", fields.get("sentimentLabel")));
    }
    return json;
  }

  /** A weak ETag from the conversation's version counter. */
  public static String etag(Map<String, String> fields) {
    return "W/\"" + fields.get("id") + "-" + fields.getOrDefault("version", "0") + "\"";
  }

}
