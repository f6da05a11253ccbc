package org.crmhub.hub.search;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.crmhub.hub.conversation.MessageKind;

/**
 * What the index holds about one message of a conversation: a customer's message, a staff reply or
 * a note, read from the message as the conversation stores it (sentiment as corrected) and the
 * conversation's current facts. The events feed and a rebuild both read them from Redis, so both
 * index the same thing.
 *
 * @param text the text shown (for a mail, without the quoted history)
 * @param fullText a mail's whole text when it differs from what is shown (quoted history included),
 *     else null: searched, so a reply is found by what it quoted, but never shown in a snippet
 * @param from the sender's identity key as carried ({@code email:ann@example.com}); null for staff
 * @param sentBy who on staff wrote a reply or note ({@code staff:ann}); null for a customer's message
 * @param sentiment the message's label (negative, neutral, positive), as corrected; null when it has none
 */
record MessageDocument(String messageId, String conversationId, ConversationFacts conversation, String channel,
    String subject, String text, String fullText, String from, Author author, Kind kind, String sentBy,
    String sentiment, Instant at) {

  /** Who wrote a message. */
  enum Author {
    CUSTOMER, STAFF;

    String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** What a message is ({@link MessageKind}, as the index spells it). */
  enum Kind {
    MESSAGE, REPLY, NOTE;

    String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    Author author() {
      return this == MESSAGE ? Author.CUSTOMER : Author.STAFF;
    }
  }

  /**
   * @param message a message as the conversation stores it
   * @return null for a message the index cannot hold (no id)
   */
  static MessageDocument of(JsonObject message, String conversationId, ConversationFacts conversation) {
    String id = message.getString("id");
    if (id == null || conversationId == null) {
      return null;
    }
    Kind kind = Kind.valueOf(MessageKind.of(message).name());
    boolean staff = kind.author() == Author.STAFF;
    JsonObject sentiment = message.getValue("sentiment") instanceof JsonObject json ? json : null;
    return new MessageDocument(id, conversationId, conversation, message.getString("channel"),
        message.getString("subject"), message.getString("text"), fullText(message),
        staff ? null : message.getString("from"),
        kind.author(), kind, staff ? message.getString("sentBy") : null,
        staff || sentiment == null ? null : sentiment.getString("label"),
        receivedAt(message.getString("receivedAt")));
  }

  private static String fullText(JsonObject message) {
    return message.getValue("metadata") instanceof JsonObject metadata
        && metadata.getValue("fullText") instanceof String full ? full : null;
  }

  private static Instant receivedAt(String value) {
    try {
      return value == null ? Instant.EPOCH : Instant.parse(value);
    } catch (java.time.format.DateTimeParseException unreadable) {
      return Instant.EPOCH;
    }
  }
}
