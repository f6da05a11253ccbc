package org.crmhub.connector.social.x;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.crmhub.connector.Channel;
import org.crmhub.connector.IdentityNormalizer;
import org.crmhub.connector.IdentityType;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.MarkupEscapes;
import org.crmhub.connector.Sender;

/**
 * Builds contacts from mentions and DMs, whether polled or pushed. The customer is the X user id
 * (a handle changes; it is kept only as the display name). A mention threads by its
 * conversation_id; a DM has no thread key, so it joins the customer's open DM conversation (the
 * first DM starts it; mention threads are apart).
 * {@code metadata.kind} (mention / dm) tells a reply which way to go back. X escapes "&amp;", "&lt;"
 * and "&gt;" in the text it sends; the contact carries the text as written.
 */
final class XContacts {

  static final String MENTION = "mention";
  static final String DM = "dm";
  static final String TWEET_PREFIX = "tweet:";
  static final String DM_PREFIX = "dm:";

  private final IdentityNormalizer normalizer;

  XContacts(IdentityNormalizer normalizer) {
    this.normalizer = normalizer;
  }

  InboundContact mention(String tweetId, String authorId, String username, String text, String conversationId,
      Instant createdAt) {
    String thread = conversationId == null ? tweetId : conversationId;
    JsonObject metadata = new JsonObject().put("kind", MENTION).put("tweetId", tweetId).put("conversationId", thread)
        .put("authorId", authorId);
    if (username != null) {
      metadata.put("username", username);
    }
    return new InboundContact(Channel.X, TWEET_PREFIX + tweetId, sender(authorId, username), null,
        MarkupEscapes.unescape(text), null, thread, createdAt == null ? Instant.now() : createdAt, metadata);
  }

  InboundContact directMessage(String eventId, String senderId, String username, String text,
      String dmConversationId, Instant createdAt) {
    JsonObject metadata = new JsonObject().put("kind", DM).put("dmEventId", eventId).put("senderId", senderId);
    if (dmConversationId != null) {
      metadata.put("dmConversationId", dmConversationId);
    }
    if (username != null) {
      metadata.put("username", username);
    }
    return new InboundContact(Channel.X, DM_PREFIX + eventId, sender(senderId, username), null,
        MarkupEscapes.unescape(text), null, null,
        createdAt == null ? Instant.now() : createdAt, metadata);
  }

  private Sender sender(String userId, String username) {
    return new Sender(List.of(normalizer.normalize(IdentityType.X, userId)), username == null ? null : "@" + username);
  }

  /** Snowflake ids as decimal strings: the longer is newer, equal lengths compare as text. */
  static int compareIds(String a, String b) {
    return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
  }

  static boolean isId(String value) {
    return value != null && value.matches("[0-9]{1,30}");
  }
}
