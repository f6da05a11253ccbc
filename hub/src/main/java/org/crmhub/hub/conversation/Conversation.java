package org.crmhub.hub.conversation;

import static org.crmhub.hub.JsonFields.putIfPresent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A conversation as stored, its hash fields read with their meaning: what code outside the store
 * asks of a conversation, instead of field names spelled in each place.
 */
public record Conversation(Map<String, String> fields) {

  /** The status of a conversation that a new contact without a thread does not join. */
  static final String CLOSED = "closed";

  public Conversation {
    fields = Map.copyOf(fields);
  }

  /** The stored conversation, or null for the empty hash Redis answers for an unknown key. */
  static Conversation ofStored(Map<String, String> fields) {
    return fields == null || fields.isEmpty() ? null : new Conversation(fields);
  }

  public String id() {
    return fields.get("id");
  }

  /** The channel's wire name ({@code email}, {@code phone}, ...). */
  public String channel() {
    return fields.get("channel");
  }

  public String status() {
    return fields.getOrDefault("status", "open");
  }

  public boolean isOpen() {
    return !CLOSED.equals(status());
  }

  /** Null for a contact no customer could be linked to (a withheld caller). */
  public String customerId() {
    String id = fields.get("customerId");
    return id == null || id.isEmpty() ? null : id;
  }

  public String subject() {
    return fields.get("subject");
  }

  /** Empty when nobody is assigned. */
  public String assignee() {
    return fields.getOrDefault("assignee", "");
  }

  public String sentimentLabel() {
    return fields.get("sentimentLabel");
  }

  /** The compound sentiment score, or null before the first scored message. */
  public Double sentiment() {
    String score = fields.get("sentiment");
    return score == null ? null : Double.valueOf(score);
  }

  public String waitingSince() {
    return fields.get("waitingSince");
  }

  public String lastActivityAt() {
    return fields.get("lastActivityAt");
  }

  /** Milliseconds since the epoch of the last message, the inbox's order. */
  public double lastActivityMs() {
    return Double.parseDouble(fields.getOrDefault("lastActivityMs", "0"));
  }

  /** Bumped by every change, so a client can say which version it changed. */
  public String version() {
    return fields.getOrDefault("version", "0");
  }

  /** A weak ETag from the version counter. */
  public String etag() {
    return "W/\"" + id() + "-" + version() + "\"";
  }

  /** The API's summary of it, as the inbox lists it. */
  public JsonObject summary(String customerName) {
    JsonObject json = new JsonObject()
        .put("id", id())
        .put("channel", channel())
        .put("status", status())
        .put("tags", new JsonArray(fields.getOrDefault("tags", "[]")))
        .put("messageCount", Integer.parseInt(fields.getOrDefault("messageCount", "0")))
        .put("createdAt", fields.get("createdAt"))
        .put("lastActivityAt", lastActivityAt());
    putIfPresent(json, "customerId", customerId());
    putIfPresent(json, "subject", subject());
    putIfPresent(json, "preview", fields.get("preview"));
    putIfPresent(json, "assignee", fields.get("assignee"));
    putIfPresent(json, "waitingSince", waitingSince());
    putIfPresent(json, "customerName", customerName);
    if (sentiment() != null) {
      json.put("sentiment", new JsonObject().put("compound", sentiment()).put("label", sentimentLabel()));
    }
    return json;
  }
}
