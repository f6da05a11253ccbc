package org.crmhub.hub.events;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.crmhub.hub.JsonFields;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.Streams;

/**
 * Appends domain events to one capped Redis stream that every hub instance tails (SSE, and later
 * outbound webhooks and screen pops). The event id is stable for a given fact, so a fact
 * published twice after a redelivery can be recognised by receivers.
 */
public final class DomainEvents {

  public static final String STREAM = "crm:events";
  private static final long MAX_EVENTS = 100_000;

  private final Redis redis;
  private final Function<String, String> sequenceKey;

  /**
   * @param sequenceKey the key of a conversation's event counter, by conversation id: it belongs
   *     with the conversation's other keys (one hash tag), which the conversation package names
   */
  public DomainEvents(Redis redis, Function<String, String> sequenceKey) {
    this.redis = redis;
    this.sequenceKey = sequenceKey;
  }

  /**
   * @param factId stable id of the fact within its type, e.g. the contact id of {@code message.created};
   *     publishing one fact twice gives one event id, {@code message.created:ct_123}
   * @param data null members are left out (an unknown name is absent, not null)
   * @return the stream entry id (the SSE id)
   */
  public Future<String> publish(EventType type, String factId, JsonObject data) {
    String eventId = type.wireName() + ":" + factId;
    JsonObject present = JsonFields.withoutNulls(data);
    String conversationId = present.getString("conversationId");
    Future<JsonObject> numbered = conversationId == null
        ? Future.succeededFuture(present)
        : redis.call(c -> c.incr(sequenceKey.apply(conversationId)))
            .map(sequence -> present.put("sequence", sequence));
    return numbered.compose(payload -> append(type.wireName(), eventId, payload));
  }

  private Future<String> append(String type, String eventId, JsonObject data) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("type", type);
    fields.put("eventId", eventId);
    fields.put("timestamp", Instant.now().toString());
    fields.put("data", data.encode());
    return Streams.appendCapped(redis, STREAM, MAX_EVENTS, fields);
  }
}
