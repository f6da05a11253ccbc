package org.crmhub.connector.social.x;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.crmhub.connector.InboundContact;

/**
 * Reads an Account Activity webhook body: {@code tweet_create_events} (v1.1 tweets: mentions of
 * and replies to the account) and {@code direct_message_events}. The account's own tweets and DMs
 * are not contacts. v1.1 tweets carry no conversation_id, so a pushed mention threads by the tweet
 * it answers (a reply to our reply tweet finds the conversation by the id the reply claimed).
 */
final class XActivityEvents {

  private static final DateTimeFormatter V1_DATE = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ROOT);

  private final XContacts contacts;
  private final String accountUserId;

  XActivityEvents(XContacts contacts, String accountUserId) {
    this.contacts = contacts;
    this.accountUserId = accountUserId;
  }

  /** The body is not what X sends. */
  static final class MalformedEventException extends IllegalArgumentException {
    MalformedEventException(String message) {
      super(message);
    }
  }

  /** @return contacts in the order X listed them; empty for another account's or other events */
  List<InboundContact> contacts(JsonObject body) {
    if (!accountUserId.equals(body.getValue("for_user_id"))) {
      return List.of();
    }
    List<InboundContact> found = new ArrayList<>();
    for (JsonObject tweet : objects(body, "tweet_create_events")) {
      JsonObject user = tweet.getValue("user") instanceof JsonObject u ? u : null;
      String tweetId = id(tweet.getValue("id_str"), "tweet id_str");
      String authorId = id(user == null ? null : user.getValue("id_str"), "tweet user.id_str");
      if (authorId.equals(accountUserId)) {
        continue;
      }
      String inReplyTo = tweet.getValue("in_reply_to_status_id_str") instanceof String r && XContacts.isId(r) ? r : null;
      found.add(contacts.mention(tweetId, authorId, string(user.getValue("screen_name")), text(tweet),
          inReplyTo, v1Date(tweet.getValue("created_at"))));
    }
    JsonObject users = body.getValue("users") instanceof JsonObject u ? u : new JsonObject();
    for (JsonObject event : objects(body, "direct_message_events")) {
      if (!"message_create".equals(event.getValue("type"))) {
        continue;
      }
      String eventId = id(event.getValue("id"), "direct message id");
      JsonObject create = event.getValue("message_create") instanceof JsonObject c ? c : null;
      String senderId = id(create == null ? null : create.getValue("sender_id"), "message_create.sender_id");
      if (senderId.equals(accountUserId)) {
        continue;
      }
      JsonObject data = create.getValue("message_data") instanceof JsonObject d ? d : new JsonObject();
      String text = string(data.getValue("text"));
      JsonObject sender = users.getValue(senderId) instanceof JsonObject s ? s : new JsonObject();
      Instant at = event.getValue("created_timestamp") instanceof String millis && millis.matches("[0-9]{1,15}")
          ? Instant.ofEpochMilli(Long.parseLong(millis)) : null;
      found.add(contacts.directMessage(eventId, senderId, string(sender.getValue("screen_name")),
          text == null ? "(empty message)" : text, null, at));
    }
    return found;
  }

  private static List<JsonObject> objects(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || !array.stream().allMatch(JsonObject.class::isInstance)) {
      throw new MalformedEventException(field + " must be an array of objects");
    }
    return array.stream().map(JsonObject.class::cast).toList();
  }

  /** Long tweets keep their text in extended_tweet. */
  private static String text(JsonObject tweet) {
    if (tweet.getValue("extended_tweet") instanceof JsonObject extended && extended.getValue("full_text") instanceof String full) {
      return full;
    }
    String text = string(tweet.getValue("text"));
    return text == null ? "(empty tweet)" : text;
  }

  private static String id(Object value, String field) {
    if (!(value instanceof String id) || !XContacts.isId(id)) {
      throw new MalformedEventException(field + " must be a numeric id");
    }
    return id;
  }

  private static String string(Object value) {
    if (value != null && !(value instanceof String)) {
      throw new MalformedEventException("a text field is not a string");
    }
    return (String) value;
  }

  private static Instant v1Date(Object value) {
    try {
      return value instanceof String text ? ZonedDateTime.parse(text, V1_DATE).toInstant() : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
