package org.crmhub.connector.social.meta;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.crmhub.connector.Channel;
import org.crmhub.connector.IdentityNormalizer;
import org.crmhub.connector.IdentityType;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.Sender;

/**
 * Turns a Messenger or Instagram webhook body into contacts: text messages, postbacks (button
 * taps) and attachments, which are kept as metadata with their URLs and never fetched. Echoes of
 * the page's own sends, delivery and read receipts are not contacts. A body whose shape is wrong
 * anywhere is refused whole, so nothing half-read is stored.
 */
final class MetaEvents {

  private static final Pattern MID = Pattern.compile("^[A-Za-z0-9_.:=+/-]{1,256}$");
  private static final int MAX_ATTACHMENTS = 20;

  private final IdentityNormalizer normalizer;

  MetaEvents(IdentityNormalizer normalizer) {
    this.normalizer = normalizer;
  }

  /** The body is not what Meta sends. */
  static final class MalformedEventException extends IllegalArgumentException {
    MalformedEventException(String message) {
      super(message);
    }
  }

  /** @return the contacts, oldest first; empty for objects other than page / instagram */
  List<InboundContact> contacts(JsonObject body) {
    Channel channel = switch (String.valueOf(body.getValue("object"))) {
      case "page" -> Channel.MESSENGER;
      case "instagram" -> Channel.INSTAGRAM;
      default -> null;
    };
    if (channel == null) {
      return List.of();
    }
    if (!(body.getValue("entry") instanceof JsonArray entries)) {
      throw new MalformedEventException("entry must be an array");
    }
    List<InboundContact> contacts = new ArrayList<>();
    for (Object entry : entries) {
      if (!(entry instanceof JsonObject page)) {
        throw new MalformedEventException("each entry must be an object");
      }
      Object messaging = page.getValue("messaging");
      if (messaging == null) {
        continue;
      }
      if (!(messaging instanceof JsonArray events)) {
        throw new MalformedEventException("entry.messaging must be an array");
      }
      for (Object event : events) {
        if (!(event instanceof JsonObject messagingEvent)) {
          throw new MalformedEventException("each messaging event must be an object");
        }
        InboundContact contact = contact(channel, messagingEvent);
        if (contact != null) {
          contacts.add(contact);
        }
      }
    }
    return contacts;
  }

  private InboundContact contact(Channel channel, JsonObject event) {
    JsonObject message = object(event, "message");
    JsonObject postback = object(event, "postback");
    if (message == null && postback == null) {
      return null; // delivery, read, reaction: nothing a customer said
    }
    if (message != null && Boolean.TRUE.equals(message.getValue("is_echo"))) {
      return null; // our own reply, sent through the Send API
    }
    String senderId = id(event, "sender");
    String recipientId = id(event, "recipient");
    Instant at = event.getValue("timestamp") instanceof Number millis ? Instant.ofEpochMilli(millis.longValue())
        : Instant.now();
    JsonObject metadata = new JsonObject().put("senderId", senderId).put("pageId", recipientId);
    String externalId;
    String text;
    if (message != null) {
      externalId = mid(message.getValue("mid"), "message.mid");
      metadata.put("kind", "message");
      JsonArray attachments = attachments(message.getValue("attachments"));
      if (!attachments.isEmpty()) {
        metadata.put("attachments", attachments);
      }
      if (object(message, "quick_reply") != null) {
        metadata.put("quickReplyPayload", string(message.getJsonObject("quick_reply").getValue("payload"), "quick_reply.payload"));
      }
      text = string(message.getValue("text"), "message.text");
      if (text == null) {
        text = attachments.isEmpty() ? "(empty message)" : describe(attachments);
      }
    } else {
      Object mid = postback.getValue("mid");
      // older postbacks carry no mid: the sender and the moment name them
      externalId = mid == null ? "postback:" + senderId + ":" + at.toEpochMilli() : mid(mid, "postback.mid");
      String title = string(postback.getValue("title"), "postback.title");
      metadata.put("kind", "postback").put("postbackPayload", string(postback.getValue("payload"), "postback.payload"));
      text = title == null ? "(button pressed)" : title;
    }
    Sender sender = new Sender(List.of(normalizer.normalize(IdentityType.META, senderId)), null);
    return new InboundContact(channel, externalId, sender, null, text, null, null, at, metadata);
  }

  private static JsonArray attachments(Object value) {
    JsonArray kept = new JsonArray();
    if (value == null) {
      return kept;
    }
    if (!(value instanceof JsonArray attachments) || attachments.size() > MAX_ATTACHMENTS) {
      throw new MalformedEventException("message.attachments must be an array of at most " + MAX_ATTACHMENTS);
    }
    for (Object each : attachments) {
      if (!(each instanceof JsonObject attachment)) {
        throw new MalformedEventException("each attachment must be an object");
      }
      JsonObject payload = object(attachment, "payload");
      JsonObject entry = new JsonObject().put("type", string(attachment.getValue("type"), "attachment.type"));
      String url = payload == null ? null : string(payload.getValue("url"), "attachment.payload.url");
      if (url != null) {
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
          throw new MalformedEventException("attachment.payload.url must be an http(s) URL");
        }
        entry.put("url", url);
      }
      kept.add(entry);
    }
    return kept;
  }

  private static String describe(JsonArray attachments) {
    List<String> types = attachments.stream().map(a -> ((JsonObject) a).getString("type", "file")).toList();
    return "(attachment: " + String.join(", ", types) + ")";
  }

  private static String id(JsonObject event, String field) {
    JsonObject party = object(event, field);
    Object id = party == null ? null : party.getValue("id");
    if (!(id instanceof String value) || !value.matches("[0-9]{1,40}")) {
      throw new MalformedEventException(field + ".id must be a numeric id");
    }
    return value;
  }

  private static String mid(Object value, String field) {
    if (!(value instanceof String mid) || !MID.matcher(mid).matches()) {
      throw new MalformedEventException(field + " is missing or malformed");
    }
    return mid;
  }

  private static JsonObject object(JsonObject parent, String field) {
    Object value = parent.getValue(field);
    if (value != null && !(value instanceof JsonObject)) {
      throw new MalformedEventException(field + " must be an object");
    }
    return (JsonObject) value;
  }

  private static String string(Object value, String field) {
    if (value != null && !(value instanceof String)) {
      throw new MalformedEventException(field + " must be a string");
    }
    return (String) value;
  }
}
