package org.crmhub.hub.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisPerClass;
import org.crmhub.hub.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fencing of webhook delivery leases: once another hub has claimed a delivery, the earlier
 * claimant (a hub that stalled past its lease) is told it no longer holds it, so it neither sends
 * nor records, even a request that was already waiting for a connection.
 */
@ExtendWith(VertxExtension.class)
class WebhookLeaseTest {

  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();

  @Test
  void aLaterClaimFencesOffTheEarlierOne(Vertx vertx, VertxTestContext test) {
    String delivery = "dl_lease_" + System.nanoTime();
    long now = System.currentTimeMillis();
    Redis.connect(vertx, server.url()).onComplete(test.succeeding(redis -> {
      WebhookStore store = new WebhookStore(redis);
      store.schedule(delivery, now)
          .compose(v -> store.claimDue(now, 100, now + 1_000, "lease-a"))
          .compose(claimedByA -> {
            test.verify(() -> assertTrue(claimedByA.contains(delivery)));
            return store.claimDue(now + 500, 100, now + 2_000, "lease-b");
          })
          .compose(whileLeased -> {
            test.verify(() -> assertFalse(whileLeased.contains(delivery), "not claimable while A's lease runs"));
            // A stalls past its lease; B claims the delivery
            return store.claimDue(now + 1_500, 100, now + 3_000, "lease-b");
          })
          .compose(claimedByB -> {
            test.verify(() -> assertTrue(claimedByB.contains(delivery)));
            return Future.all(store.stillLeased(delivery, "lease-a"), store.stillLeased(delivery, "lease-b"));
          })
          .compose(held -> {
            test.verify(() -> assertEquals(List.of(false, true), held.list(), "only the latest claim holds it"));
            return store.unschedule(delivery).compose(v -> store.stillLeased(delivery, "lease-b"));
          })
          .eventually(redis::shutdown)
          .onComplete(test.succeeding(heldAfterDone -> test.verify(() -> {
            assertFalse(heldAfterDone, "a finished delivery has no lease");
            test.completeNow();
          })));
    }));
  }

  @Test
  void aDeliveryWaitingForAConnectionIsNotSentOnceAnotherHubHasClaimedIt(Vertx vertx, VertxTestContext test) {
    int waitingForAConnection = 20;
    int deliveries = WebhookSender.CONNECTIONS_PER_TARGET + waitingForAConnection;
    Queue<RoutingContext> heldAnswers = new ConcurrentLinkedQueue<>();
    WebhookSettings settings = new WebhookSettings(Duration.ofSeconds(10), List.of(Duration.ZERO), true, Set.of());
    WebhookSender sender = new WebhookSender(vertx, settings.targetPolicy(), settings.timeout());
    Future.all(Redis.connect(vertx, server.url()), WebhookReceiver.start(vertx)).onComplete(test.succeeding(started -> {
      Redis redis = started.resultAt(0);
      WebhookReceiver receiver = started.resultAt(1);
      receiver.answer((ctx, attempt) -> heldAnswers.add(ctx));
      WebhookStore store = new WebhookStore(redis);
      DeliveryWorker worker = new DeliveryWorker(vertx, store, sender, settings, "hub_a");
      List<String> ids = new ArrayList<>();
      subscriptionWithDeliveries(store, receiver.url(), deliveries, ids)
          .compose(v -> {
            worker.start();
            return Eventually.holds(vertx, 10_000, "every connection carries a request",
                () -> Future.succeededFuture(receiver.received().size() == WebhookSender.CONNECTIONS_PER_TARGET));
          })
          // hub_a stalls here past its lease: hub_b claims every delivery, then the target answers
          .compose(v -> store.claimDue(System.currentTimeMillis() + 3_600_000, deliveries,
              System.currentTimeMillis() + 7_200_000, "hub_b/lease_later"))
          .compose(claimedByB -> {
            test.verify(() -> assertEquals(deliveries, claimedByB.size()));
            heldAnswers.forEach(ctx -> ctx.response().setStatusCode(204).end());
            // the round ends once every request has been answered or dropped
            return worker.stop();
          })
          .compose(v -> Future.all(ids.stream().map(store::delivery).toList()))
          .compose(stored -> {
            test.verify(() -> {
              assertEquals(WebhookSender.CONNECTIONS_PER_TARGET, receiver.received().size(),
                  "the requests that waited for a connection were dropped, not sent");
              assertTrue(stored.<JsonObject>list().stream().allMatch(d -> d.getInteger("attempts") == 0),
                  "hub_a recorded nothing for deliveries it no longer held");
            });
            return Future.all(ids.stream().map(store::unschedule).toList());
          })
          .eventually(receiver::stop)
          .eventually(redis::shutdown)
          .onComplete(test.succeedingThenComplete());
    }));
  }

  /** A subscription to the receiver and {@code count} deliveries of it, due now; their ids go to {@code ids}. */
  private static Future<Void> subscriptionWithDeliveries(WebhookStore store, String url, int count, List<String> ids) {
    String subscriptionId = "wh_lease_" + System.nanoTime();
    JsonObject subscription = new JsonObject()
        .put("id", subscriptionId)
        .put("url", url)
        .put("events", new JsonArray().add("message.created"))
        .put("enabled", true)
        .put("createdAt", Instant.now().toString())
        .put("secrets", new JsonArray().add(new JsonObject().put("secret", "whsec_" + java.util.Base64.getEncoder()
            .encodeToString("a test secret of thirty-two bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
    return store.saveSubscription(subscription).compose(v -> {
      List<Future<Boolean>> created = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        JsonObject delivery = EventFanOut.newDelivery("ev_lease_" + i, subscriptionId, "message.created",
            new JsonObject().put("type", "message.created").put("data", new JsonObject().put("n", i)).encode());
        ids.add(delivery.getString("id"));
        created.add(store.createDelivery(delivery));
      }
      return Future.all(created).mapEmpty();
    });
  }
}
