package org.crmhub.connector;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What a connector knows about where a contact belongs, beyond its own {@link
 * InboundContact#threadKey()}, kept under {@code metadata.thread} so the hub threads every channel
 * the same way, best evidence first:
 *
 * <ol>
 *   <li>{@code refs}: thread keys this contact answers (an email's In-Reply-To and References);
 *       the first one the hub knows names the conversation;
 *   <li>{@code conversationId}: a conversation the connector vouches for (it checked a signed
 *       reply token);
 *   <li>{@code topic} within {@code topicWindowSeconds}: the same customer writing about the same
 *       normalised topic (an email subject without "Re:") recently.
 * </ol>
 *
 * The contact then claims its own thread key for the conversation it joined.
 */
public record ThreadHints(List<String> refs, String conversationId, String topic, long topicWindowSeconds) {

  public static final String FIELD = "thread";

  public ThreadHints {
    refs = refs == null ? List.of() : List.copyOf(refs);
  }

  public static final ThreadHints NONE = new ThreadHints(List.of(), null, null, 0);

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("refs", new JsonArray(List.copyOf(refs)));
    if (conversationId != null) {
      json.put("conversationId", conversationId);
    }
    if (topic != null && !topic.isBlank() && topicWindowSeconds > 0) {
      json.put("topic", topic).put("topicWindowSeconds", topicWindowSeconds);
    }
    return json;
  }

  /** The hints in a contact's metadata; {@link #NONE} when it has none or they are malformed. */
  public static ThreadHints of(InboundContact contact) {
    Object raw = contact.metadata().getValue(FIELD);
    if (!(raw instanceof JsonObject json)) {
      return NONE;
    }
    try {
      JsonArray refs = json.getJsonArray("refs", new JsonArray());
      List<String> keys = refs.stream().filter(String.class::isInstance).map(String.class::cast)
          .filter(ref -> !ref.isBlank()).toList();
      long window = json.getLong("topicWindowSeconds", 0L);
      return new ThreadHints(keys, json.getString("conversationId"), json.getString("topic"), window);
    } catch (ClassCastException malformed) {
      return NONE;
    }
  }
}
