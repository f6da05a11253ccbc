package org.crmhub.hub.webhooks;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crmhub.hub.Ids;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.StreamGroups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns domain events into deliveries for the subscriptions that want them. Reads the events
 * stream in its own consumer group, so across hub instances each event is fanned out once; an
 * event is acknowledged only after its deliveries exist. Entries a dead hub left pending are
 * taken over after {@link #RECLAIM_IDLE}.
 */
public final class EventFanOut {

  static final String GROUP = "webhooks";
  private static final Logger LOG = LoggerFactory.getLogger(EventFanOut.class);
  private static final Duration RECLAIM_IDLE = Duration.ofSeconds(30);
  private static final Duration BLOCK = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final Redis redis;
  private final WebhookStore store;
  private final String consumerName = Ids.next("fanout");
  private final Promise<Void> stopped = Promise.promise();
  private volatile boolean running;
  private long reclaimTimer = -1;

  public EventFanOut(Vertx vertx, Redis redis, WebhookStore store) {
    this.vertx = vertx;
    this.redis = redis;
    this.store = store;
  }

  public Future<Void> start() {
    running = true;
    return StreamGroups.ensure(redis, DomainEvents.STREAM, GROUP)
        .compose(v -> redis.dedicatedConnection())
        .map(reader -> {
          read(reader);
          reclaimTimer = vertx.setPeriodic(RECLAIM_IDLE.toMillis() / 2, id -> reclaim());
          return null;
        });
  }

  public Future<Void> stop() {
    running = false;
    vertx.cancelTimer(reclaimTimer);
    return stopped.future();
  }

  private void read(Redis reader) {
    if (!running) {
      reader.close().onComplete(closed -> stopped.tryComplete());
      return;
    }
    reader.call(c -> c.xreadgroup(Consumer.from(GROUP, consumerName), XReadArgs.Builder.count(100).block(BLOCK),
            StreamOffset.lastConsumed(DomainEvents.STREAM)))
        .compose(this::fanOut)
        .onComplete(done -> {
          if (done.failed()) {
            LOG.warn("webhook fan-out failed, retrying: {}", done.cause().toString());
            vertx.setTimer(1_000, id -> read(reader));
          } else {
            read(reader);
          }
        });
  }

  private void reclaim() {
    redis.call(c -> c.xautoclaim(DomainEvents.STREAM, XAutoClaimArgs.Builder
            .xautoclaim(Consumer.from(GROUP, consumerName), RECLAIM_IDLE, "0-0").count(100)))
        .compose(claimed -> fanOut(claimed.getMessages()))
        .onFailure(failure -> LOG.warn("reclaiming webhook events failed: {}", failure.toString()));
  }

  private Future<Void> fanOut(List<StreamMessage<String, String>> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    return store.subscriptionsById().compose(stored -> {
      // parsed once per batch, not once per event
      List<JsonObject> subscriptions = stored.values().stream().map(JsonObject::new).toList();
      List<Future<Void>> done = new ArrayList<>();
      for (StreamMessage<String, String> event : events) {
        done.add(deliveriesFor(event, subscriptions)
            .compose(v -> redis.call(c -> c.xack(DomainEvents.STREAM, GROUP, event.getId())))
            .mapEmpty());
      }
      return Future.join(done).mapEmpty();
    });
  }

  private Future<Void> deliveriesFor(StreamMessage<String, String> event, List<JsonObject> subscriptions) {
    Map<String, String> body = event.getBody();
    String type = body.get("type");
    String timestamp = body.getOrDefault("timestamp", Instant.now().toString());
    List<Future<Boolean>> created = new ArrayList<>();
    for (JsonObject subscription : subscriptions) {
      if (wants(subscription, type, timestamp)) {
        String payload = new JsonObject()
            .put("type", type)
            .put("timestamp", timestamp)
            .put("data", new JsonObject(body.getOrDefault("data", "{}")))
            .encode();
        created.add(store.createDelivery(newDelivery(body.get("eventId"), subscription.getString("id"), type, payload)));
      }
    }
    return Future.all(created).mapEmpty();
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
