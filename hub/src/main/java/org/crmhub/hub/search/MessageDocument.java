package org.crmhub.hub.search;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * What the index holds about one message, read from what the hub stores or publishes about it
 * (the same message JSON in both), so the events feed and a rebuild index the same thing.
 *
 * @param from the sender's identity key as carried ({@code email:ann@example.com}), or null
 */
public record MessageDocument(String messageId, String conversationId, String customerId, String customerName,
    String channel, String subject, String text, String from, Instant at) {

  /**
   * @param message a message as the conversation stores it (or {@code message.created} carries it)
   * @return null for a message the index leaves out (no id, or one the hub sent: only what
   *     customers wrote is searched in this version)
   */
  public static MessageDocument of(JsonObject message, String conversationId, String customerId,
      String customerName) {
    String id = message.getString("id");
    if (id == null || conversationId == null || "outbound".equals(message.getString("direction"))) {
      return null;
    }
    return new MessageDocument(id, conversationId, customerId, customerName, message.getString("channel"),
        message.getString("subject"), message.getString("text"), message.getString("from"),
        receivedAt(message.getString("receivedAt")));
  }

  private static Instant receivedAt(String value) {
    try {
      return value == null ? Instant.EPOCH : Instant.parse(value);
    } catch (java.time.format.DateTimeParseException unreadable) {
      return Instant.EPOCH;
    }
  }
}
