package org.crmhub.hub.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import org.crmhub.connector.StandardWebhooks;
import org.crmhub.hub.Ids;
import org.crmhub.hub.redis.BatchedCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due deliveries. Each is leased in Redis while it is being sent, so with several hubs one
 * sends it; a hub that dies mid-send loses the lease and another retries (at-least-once, same
 * webhook-id). Network errors, timeouts, 408, 429 and 5xx are retried on the schedule (with
 * jitter, never sooner than Retry-After); 410 disables the subscription; other answers end it.
 *
 * <p>Up to {@value #MAX_IN_FLIGHT} deliveries are in flight at once, and more are claimed as soon as
 * a quarter of that is free, not when a whole batch is done: one slow target does not hold up the
 * rest. It looks for due deliveries every {@value #TICK_MS} ms and at once when this process made
 * some due ({@link DueDeliveries}).
 */
public final class DeliveryWorker {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
  private static final long TICK_MS = 200;
  private static final int MAX_IN_FLIGHT = 100;
  /** Claims are at least this big while a backlog lasts: one script per few deliveries, not per delivery. */
  private static final int MIN_CLAIM = MAX_IN_FLIGHT / 4;
  private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final WebhookStore store;
  private final WebhookSender sender;
  private final WebhookSettings settings;
  private final String holderId;
  private final BiConsumer<String, Long> attemptOutcomes;
  private final Promise<Void> idleAfterStop = Promise.promise();
  private MessageConsumer<Void> wakeUps;
  /** The lease checks and the attempt records of deliveries in flight, many to one round trip. */
  private BatchedCalls<String, String> leaseChecks;
  private BatchedCalls<WebhookStore.AttemptRecord, Boolean> records;
  private long timer = -1;
  private boolean running;
  private boolean claiming;
  private int inFlight;

  /** @param holderId this hub among those sharing the Redis: each claim's token starts with it */
  public DeliveryWorker(Vertx vertx, WebhookStore store, WebhookSender sender, WebhookSettings settings,
      String holderId) {
    this(vertx, store, sender, settings, holderId, (outcome, latencyMs) -> { });
  }

  /**
   * @param attemptOutcomes told of every recorded attempt: {@code succeeded}, {@code retrying},
   *     {@code failed} or {@code disabled} (410), and the target's answer time in milliseconds
   */
  public DeliveryWorker(Vertx vertx, WebhookStore store, WebhookSender sender, WebhookSettings settings,
      String holderId, BiConsumer<String, Long> attemptOutcomes) {
    this.attemptOutcomes = attemptOutcomes;
    this.vertx = vertx;
    this.store = store;
    this.sender = sender;
    this.settings = settings;
    this.holderId = holderId;
  }

  /** Starts on the calling context; everything the worker touches stays on it. */
  public void start() {
    io.vertx.core.Context context = vertx.getOrCreateContext();
    leaseChecks = new BatchedCalls<>(context, MAX_IN_FLIGHT, store::leaseTokens);
    records = new BatchedCalls<>(context, MAX_IN_FLIGHT, store::recordAttempts);
    running = true;
    timer = vertx.setPeriodic(TICK_MS, id -> claimMore());
    wakeUps = vertx.eventBus().<Void>localConsumer(DueDeliveries.ADDRESS, message -> claimMore());
  }

  /** Stops claiming, lets the deliveries in flight finish (bounded by their timeout), then closes. */
  public Future<Void> stop() {
    if (!running) {
      return sender.close();
    }
    running = false;
    vertx.cancelTimer(timer);
    timer = -1;
    wakeUps.unregister();
    completeIfIdle();
    return idleAfterStop.future().eventually(sender::close);
  }

  /**
   * Claims due deliveries into the free room and sends each; claims again at once while the
   * claim came back full (a backlog), else waits for the next tick or wake-up.
   */
  private void claimMore() {
    int room = MAX_IN_FLIGHT - inFlight;
    if (!running || claiming || room < MIN_CLAIM && inFlight > 0) {
      return;
    }
    claiming = true;
    long now = System.currentTimeMillis();
    long leaseUntil = now + settings.timeout().toMillis() * (1 + 3) + LEASE_MARGIN.toMillis();
    // the token is unique per claim and names the hub that holds it
    Claim claim = new Claim(holderId + "/" + Ids.next("lease"), leaseUntil);
    store.claimDueDeliveries(now, room, leaseUntil, claim.token())
        .compose(claimed -> claimed.isEmpty()
            ? Future.succeededFuture(0)
            // one read of the subscriptions serves the whole claim
            : store.subscriptionsById().map(stored -> {
              java.util.Map<String, JsonObject> subscriptions = new java.util.HashMap<>();
              stored.forEach((id, json) -> subscriptions.put(id, new JsonObject(json)));
              for (WebhookStore.Claimed one : claimed) {
                inFlight++;
                deliver(one, claim, subscriptions).onComplete(done -> {
                  if (done.failed()) {
                    LOG.warn("webhook delivery {} failed: {}", one.id(), done.cause().toString());
                  }
                  inFlight--;
                  claimMore();
                  completeIfIdle();
                });
              }
              return claimed.size();
            }))
        .onComplete(done -> {
          claiming = false;
          if (done.failed()) {
            LOG.warn("claiming due webhook deliveries failed: {}", done.cause().toString());
          } else if (done.result() == room) {
            claimMore();
          }
          completeIfIdle();
        });
  }

  private void completeIfIdle() {
    if (!running && !claiming && inFlight == 0) {
      idleAfterStop.tryComplete();
    }
  }

  /**
   * @param claim the claim this delivery came with: checked right before the POST is written and before the
   *     outcome is recorded, so a hub that stalled past its lease (another hub has claimed the
   *     delivery since) neither sends it a second time nor overwrites the other's record
   * @param subscriptions the subscriptions by id, read once per claim; a delivery's attempt may change its own
   */
  private Future<Void> deliver(WebhookStore.Claimed claimed, Claim claim,
      java.util.Map<String, JsonObject> subscriptions) {
    JsonObject delivery = claimed.delivery();
    if (delivery == null) {
      return store.unschedule(claimed.id());
    }
    if (delivery.getString("body") == null) {
      return store.endUnsent(claimed.id(), "stored without its body");
    }
    JsonObject subscription = subscriptions.get(delivery.getString("subscriptionId"));
    if (subscription == null || !subscription.getBoolean("enabled", false)) {
      return store.endUnsent(claimed.id(), subscription == null ? "subscription deleted" : "subscription disabled");
    }
    return attempt(subscription, delivery, claim).recover(failure -> failure instanceof LeaseLost
        ? Future.succeededFuture()
        : Future.failedFuture(failure));
  }

  /** Another hub claimed the delivery after this one did: it is theirs now. */
  private static final class LeaseLost extends RuntimeException {
    LeaseLost(String deliveryId) {
      super("the lease on delivery " + deliveryId + " passed to another hub", null, false, false);
    }
  }

  private Future<Void> attempt(JsonObject subscription, JsonObject delivery, Claim claim) {
    long timestamp = Instant.now().getEpochSecond();
    String body = delivery.getString("body");
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/json")
        .add("User-Agent", "crm-hub-webhooks")
        .add("webhook-id", delivery.getString("id"))
        .add("webhook-timestamp", Long.toString(timestamp))
        .add("webhook-signature", StandardWebhooks.signatureHeader(
            activeSecrets(subscription, timestamp), delivery.getString("id"), timestamp, body));
    String id = delivery.getString("id");
    // checked when the request is about to be written, not before it queues for a connection:
    // it may wait there (every connection busy) while this hub stalls past its lease
    return sender.send(subscription.getString("url"), headers, body, () -> stillHeld(id, claim))
        .compose(outcome -> record(subscription, delivery, outcome, claim));
  }

  /** One claim of due deliveries: its fencing token, and when its lease runs out by this hub's clock. */
  private record Claim(String token, long leaseUntil) {}

  /**
   * Succeeds while the claim holds the delivery, else fails with {@link LeaseLost}: no other hub
   * has claimed it since (Redis still has the token) and the lease has not run out. The clock is
   * read last, right before the caller acts: a hub that stalled past its lease may be reading a
   * reply Redis gave before the stall.
   */
  private Future<Void> stillHeld(String deliveryId, Claim claim) {
    return leaseChecks.call(deliveryId)
        .compose(token -> claim.token().equals(token) && System.currentTimeMillis() < claim.leaseUntil()
            ? Future.succeededFuture()
            : Future.failedFuture(new LeaseLost(deliveryId)));
  }

  /** The current secret, then any older one still inside its rotation overlap. */
  static List<String> activeSecrets(JsonObject subscription, long nowSeconds) {
    List<String> secrets = new ArrayList<>();
    JsonArray all = subscription.getJsonArray("secrets", new JsonArray());
    for (int i = 0; i < all.size(); i++) {
      JsonObject secret = all.getJsonObject(i);
      Long expires = secret.getLong("expiresAt");
      if (expires == null || expires > nowSeconds) {
        secrets.add(secret.getString("secret"));
      }
    }
    return secrets;
  }

  /**
   * Records the attempt in one step that first checks the claim still holds the delivery in Redis
   * (this hub's clock is checked just before), so a hub that stalled past its lease does not
   * overwrite the record of the hub that claimed the delivery since.
   */
  private Future<Void> record(JsonObject subscription, JsonObject delivery, WebhookSender.Outcome outcome,
      Claim claim) {
    if (System.currentTimeMillis() >= claim.leaseUntil()) {
      return Future.failedFuture(new LeaseLost(delivery.getString("id")));
    }
    int attempts = delivery.getInteger("attempts", 0) + 1;
    long now = System.currentTimeMillis();
    delivery.put("attempts", attempts)
        .put("lastAttemptAt", Instant.ofEpochMilli(now).toString())
        .put("lastStatus", outcome.status());
    if (outcome.error() != null) {
      delivery.put("lastError", outcome.error());
    } else {
      delivery.remove("lastError");
    }
    JsonObject logged = new JsonObject()
        .put("deliveryId", delivery.getString("id"))
        .put("type", delivery.getString("type"))
        .put("attempt", attempts)
        .put("at", Instant.ofEpochMilli(now).toString())
        .put("status", outcome.status())
        .put("latencyMs", outcome.latencyMs());
    if (outcome.excerpt() != null) {
      logged.put("responseExcerpt", outcome.excerpt());
    }
    if (outcome.error() != null) {
      logged.put("error", outcome.error());
    }
    Long nextDueAt = null;
    String result;
    if (outcome.succeeded()) {
      result = "succeeded";
      delivery.put("status", "succeeded").remove("nextAttemptAt");
    } else if (outcome.status() == 410) {
      result = "disabled";
      delivery.put("status", "failed").remove("nextAttemptAt");
      subscription.put("enabled", false).put("disabledReason", "the target answered 410 Gone");
    } else if (isRetriable(outcome) && attempts < settings.retrySchedule().size()) {
      result = "retrying";
      long dueAt = now + delayBefore(attempts, outcome.retryAfterSeconds());
      delivery.put("status", "pending").put("nextAttemptAt", Instant.ofEpochMilli(dueAt).toString());
      nextDueAt = dueAt;
    } else {
      result = "failed";
      delivery.put("status", "failed").remove("nextAttemptAt");
    }
    return records.call(new WebhookStore.AttemptRecord(delivery, logged, claim.token(), nextDueAt)).compose(recorded -> {
      if (!recorded) {
        return Future.failedFuture(new LeaseLost(delivery.getString("id")));
      }
      attemptOutcomes.accept(result, outcome.latencyMs());
      return "disabled".equals(result) ? store.saveSubscription(subscription) : Future.succeededFuture();
    });
  }

  private static boolean isRetriable(WebhookSender.Outcome outcome) {
    int status = outcome.status();
    return (status == 0 && !outcome.refusedTarget()) || status == 408 || status == 429 || status >= 500;
  }

  /** The schedule's delay for this attempt, ±10% jitter, and never sooner than Retry-After. */
  private long delayBefore(int attempt, Long retryAfterSeconds) {
    long base = settings.retrySchedule().get(attempt).toMillis();
    long jitter = base == 0 ? 0 : (long) (base * 0.1 * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
    long delay = base + jitter;
    return retryAfterSeconds == null ? delay : Math.max(delay, retryAfterSeconds * 1000);
  }
}
