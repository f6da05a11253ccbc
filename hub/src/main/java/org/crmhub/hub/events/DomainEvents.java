package org.crmhub.hub.events;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    List<Event> event = List.of(new Event(type, factId, data));
    String conversationId = data.getString("conversationId");
    if (conversationId == null) {
      return publishNumbered(event, null, 0).map(ids -> ids.get(0));
    }
    return redis.call(c -> c.incr(sequenceKey.apply(conversationId)))
        .compose(sequence -> publishNumbered(event, conversationId, sequence))
        .map(ids -> ids.get(0));
  }

  /** A fact to publish: see {@link #publish}. */
  public record Event(EventType type, String factId, JsonObject data) {}

  /**
   * Publishes facts about one conversation whose sequence numbers were reserved already (the
   * conversation's store reserves them with its own write): the events about a conversation are
   * numbered in order from {@code firstSequence}, and all are appended together, in one round trip.
   */
  public Future<List<String>> publishNumbered(List<Event> events, String conversationId, long firstSequence) {
    List<Map<String, String>> entries = new ArrayList<>();
    long next = firstSequence;
    for (Event event : events) {
      JsonObject payload = JsonFields.withoutNulls(event.data());
      if (conversationId != null && conversationId.equals(payload.getString("conversationId"))) {
        payload.put("sequence", next++);
      }
      entries.add(entry(event.type().wireName(), event.type().wireName() + ":" + event.factId(), payload));
    }
    // in one step: readers blocked on the stream wake once for all of them
    return Streams.appendAllCapped(redis, STREAM, MAX_EVENTS, entries);
  }

  private static Map<String, String> entry(String type, String eventId, JsonObject data) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("type", type);
    fields.put("eventId", eventId);
    fields.put("timestamp", Instant.now().toString());
    fields.put("data", data.encode());
    return fields;
  }
}
