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
    return publishAll(List.of(new Event(type, factId, data))).map(ids -> ids.get(0));
  }

  /** A fact to publish: see {@link #publish}. */
  public record Event(EventType type, String factId, JsonObject data) {}

  /**
   * Publishes several facts in their order, numbering each conversation's events with one step of
   * its counter and sending the appends together: two round trips however many events there are.
   *
   * @return the stream entry ids, in the events' order
   */
  public Future<List<String>> publishAll(List<Event> events) {
    List<JsonObject> payloads = events.stream().map(event -> JsonFields.withoutNulls(event.data())).toList();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (JsonObject payload : payloads) {
      String conversationId = payload.getString("conversationId");
      if (conversationId != null) {
        counts.merge(conversationId, 1L, Long::sum);
      }
    }
    Map<String, Future<Long>> lastNumbers = new LinkedHashMap<>();
    counts.forEach((conversationId, count) ->
        lastNumbers.put(conversationId, redis.call(c -> c.incrby(sequenceKey.apply(conversationId), count))));
    return Future.all(List.copyOf(lastNumbers.values())).compose(numbered -> {
      Map<String, Long> next = new LinkedHashMap<>();
      lastNumbers.forEach((conversationId, last) ->
          next.put(conversationId, last.result() - counts.get(conversationId) + 1));
      return appendNumbered(events, payloads, next);
    });
  }

  /**
   * Publishes facts about one conversation whose sequence numbers were reserved already (the
   * conversation's store reserves them with its own write): the events about a conversation are
   * numbered in order from {@code firstSequence}, and all are appended together, in one round trip.
   */
  public Future<List<String>> publishNumbered(List<Event> events, String conversationId, long firstSequence) {
    List<JsonObject> payloads = events.stream().map(event -> JsonFields.withoutNulls(event.data())).toList();
    Map<String, Long> next = new LinkedHashMap<>();
    next.put(conversationId, firstSequence);
    return appendNumbered(events, payloads, next);
  }

  private Future<List<String>> appendNumbered(List<Event> events, List<JsonObject> payloads, Map<String, Long> next) {
    List<Future<String>> appended = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      JsonObject payload = payloads.get(i);
      String conversationId = payload.getString("conversationId");
      if (conversationId != null && next.containsKey(conversationId)) {
        payload.put("sequence", next.merge(conversationId, 1L, Long::sum) - 1);
      }
      Event event = events.get(i);
      appended.add(append(event.type().wireName(), event.type().wireName() + ":" + event.factId(), payload));
    }
    return Future.all(appended).map(done -> appended.stream().map(Future::result).toList());
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
