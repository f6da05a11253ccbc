package org.crmhub.hub.portal;

import static org.crmhub.hub.JsonFields.putIfPresent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Pattern;
import org.crmhub.hub.conversation.Conversation;

/**
 * A conversation as its customer may see it: status, subject, their messages and the replies
 * sent to them. Staff-only parts (sentiment, tags, assignee, internal notes, failed sends,
 * addresses and metadata) never leave the hub on this path.
 */
final class PortalView {

  private static final Pattern SCRIPTS = Pattern.compile("(?is)<(script|style)[^>]*>.*?</\\1\\s*>");
  private static final Pattern TAGS = Pattern.compile("(?s)<[^>]*>");
  private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

  private PortalView() {}

  /** What the customer sees of a conversation: no assignee, tags, sentiment or internal counts. */
  static JsonObject summary(Conversation conversation) {
    JsonObject staffView = conversation.summary(null);
    JsonObject json = new JsonObject();
    for (String field : List.of("id", "channel", "status", "createdAt", "lastActivityAt", "subject", "preview")) {
      if (staffView.getValue(field) != null) {
        json.put(field, staffView.getValue(field));
      }
    }
    return json;
  }

  static JsonObject conversation(Conversation conversation, List<JsonObject> messages) {
    JsonArray visible = new JsonArray();
    messages.stream().filter(PortalView::shownToCustomer).map(PortalView::message).forEach(visible::add);
    return summary(conversation).put("messages", visible);
  }

  /** Internal notes are marked {@code direction: internal} or {@code kind: note} by the staff side. */
  static boolean shownToCustomer(JsonObject message) {
    String direction = message.getString("direction");
    if (!"inbound".equals(direction) && !"outbound".equals(direction)) {
      return false;
    }
    if ("note".equals(message.getString("kind")) || Boolean.TRUE.equals(message.getValue("internal"))) {
      return false;
    }
    return !("outbound".equals(direction) && "failed".equals(message.getString("status")));
  }

  private static JsonObject message(JsonObject stored) {
    JsonObject json = new JsonObject()
        .put("id", stored.getString("id"))
        .put("direction", stored.getString("direction"))
        .put("channel", stored.getString("channel"))
        .put("at", stored.getString("receivedAt"));
    putIfPresent(json, "subject", stored.getString("subject"));
    String text = stored.getString("text");
    putIfPresent(json, "text", text != null && !text.isBlank() ? text : plainText(stored.getString("html")));
    JsonObject metadata = stored.getJsonObject("metadata");
    JsonObject attachment = metadata == null ? null : metadata.getJsonObject("attachment");
    if (attachment != null && "portal".equals(stored.getString("channel"))) {
      json.put("attachment", attachment.copy());
    }
    return json;
  }

  /** A rough plain text of an HTML-only mail; the portal escapes whatever it shows. */
  static String plainText(String html) {
    if (html == null) {
      return null;
    }
    String text = TAGS.matcher(SCRIPTS.matcher(html).replaceAll(" ")).replaceAll("\n")
        .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
        .replace("&#39;", "'").replace("&amp;", "&");
    return BLANK_LINES.matcher(text.strip().replaceAll("[ \\t]+\\n", "\n")).replaceAll("\n\n");
  }
}
