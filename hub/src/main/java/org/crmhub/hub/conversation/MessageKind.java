package org.crmhub.hub.conversation;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * What a stored message of a conversation is, read from its {@code direction}: a customer's
 * message ({@code inbound}), a staff reply sent out ({@code outbound}) or an internal note
 * ({@code internal}). The one reading of it, for every place that tells them apart (the search
 * index, the customer export).
 */
public enum MessageKind {
  MESSAGE, REPLY, NOTE;

  /** The kind of a message as the conversation stores it; anything not staff's is the customer's. */
  public static MessageKind of(JsonObject message) {
    return switch (String.valueOf(message.getString("direction"))) {
      case "outbound" -> REPLY;
      case "internal" -> NOTE;
      default -> MESSAGE;
    };
  }

  /** {@code message}, {@code reply} or {@code note}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether staff wrote it (a reply or a note), not the customer. */
  public boolean byStaff() {
    return this != MESSAGE;
  }

  /** {@code customer} or {@code staff}. */
  public String authorWireName() {
    return byStaff() ? "staff" : "customer";
  }
}
