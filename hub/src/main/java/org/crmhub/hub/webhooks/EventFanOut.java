package org.crmhub.hub.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.hub.Ids;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.Streams;
import org.crmhub.hub.redis.StreamEntry;
import org.crmhub.hub.redis.StreamWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns domain events into deliveries for the subscriptions that want them. Reads the events
 * stream in its own consumer group, so across hub instances each event is fanned out once; an
 * event is acknowledged only after its deliveries exist. Entries a dead hub left pending are
 * taken over after {@link #RECLAIM_IDLE}.
 */
public final class EventFanOut implements StreamWorker.Handler {

  static final String GROUP = "webhooks";

  /**
   * Whether the fan-out (of any hub) has made the deliveries of every event up to {@code eventId}:
   * after it, no delivery of an earlier event is still to come.
   */
  public static io.vertx.core.Future<Boolean> passed(Redis redis, String eventId) {
    return org.crmhub.hub.redis.Streams.groupPassed(redis, DomainEvents.STREAM, GROUP, eventId);
  }
  private static final Logger LOG = LoggerFactory.getLogger(EventFanOut.class);
  private static final Duration RECLAIM_IDLE = Duration.ofSeconds(30);
  private static final int IN_FLIGHT = 100;
  /** Creating deliveries fails only while Redis does; an event still failing after this many tries is given up, loudly. */
  private static final int MAX_TRIES = 20;

  private final Vertx vertx;
  private final WebhookStore store;
  private final StreamWorker worker;

  public EventFanOut(Vertx vertx, Redis redis, WebhookStore store) {
    this.vertx = vertx;
    this.store = store;
    this.worker = new StreamWorker(vertx, redis, new StreamWorker.Settings(DomainEvents.STREAM, GROUP,
        Ids.next("fanout"), IN_FLIGHT, Streams.READ_BLOCK, RECLAIM_IDLE, MAX_TRIES, false), this);
  }

  public Future<Void> start() {
    return worker.start();
  }

  public Future<Void> stop() {
    return worker.stop();
  }

  /** The subscriptions are read once for all events read together, and after they were appended. */
  @Override
  public List<Future<Void>> handle(List<StreamEntry> events) {
    Future<List<JsonObject>> subscriptions = store.subscriptionsById()
        // parsed once per batch, not once per event
        .map(stored -> stored.values().stream().map(JsonObject::new).toList());
    List<Future<Integer>> created = new ArrayList<>();
    for (StreamEntry event : events) {
      created.add(subscriptions.compose(all -> deliveriesFor(event, all)));
    }
    // new deliveries are due now: this hub's worker need not wait for its next poll
    Future.join(created).onComplete(all -> {
      if (created.stream().anyMatch(count -> count.succeeded() && count.result() > 0)) {
        DueDeliveries.announce(vertx);
      }
    });
    return created.stream().map(count -> count.<Void>mapEmpty()).toList();
  }

  @Override
  public Future<Void> giveUp(StreamEntry event, long tries) {
    LOG.error("webhook deliveries for event {} ({}) could not be created in {} tries; no subscriber gets it",
        event.field("eventId"), event.id(), tries);
    return Future.succeededFuture();
  }

  /** @return how many of the event's deliveries are new (a redelivered event's exist already) */
  private Future<Integer> deliveriesFor(StreamEntry event, List<JsonObject> subscriptions) {
    String type = event.field("type");
    String timestamp = event.field("timestamp", Instant.now().toString());
    List<Future<Boolean>> created = new ArrayList<>();
    for (JsonObject subscription : subscriptions) {
      if (wants(subscription, type, timestamp)) {
        String payload = new JsonObject()
            .put("type", type)
            .put("timestamp", timestamp)
            .put("data", new JsonObject(event.field("data", "{}")))
            .encode();
        created.add(store.createDelivery(newDelivery(event.field("eventId"), subscription.getString("id"), type, payload)));
      }
    }
    return Future.all(created).map(all -> (int) created.stream().filter(Future::result).count());
  }

  public static JsonObject newDelivery(String eventId, String subscriptionId, String type, String payload) {
    return new JsonObject()
        .put("id", WebhookStore.deliveryId(eventId, subscriptionId))
        .put("subscriptionId", subscriptionId)
        .put("eventId", eventId)
        .put("type", type)
        .put("body", payload)
        .put("createdAt", Instant.now().toString())
        .put("attempts", 0)
        .put("status", "pending");
  }

  /** Enabled, subscribed to the type, and the event is not older than the subscription. */
  private static boolean wants(JsonObject subscription, String type, String timestamp) {
    return subscription.getBoolean("enabled", false)
        && subscription.getJsonArray("events").contains(type)
        && !Instant.parse(subscription.getString("createdAt")).isAfter(Instant.parse(timestamp));
  }
}
