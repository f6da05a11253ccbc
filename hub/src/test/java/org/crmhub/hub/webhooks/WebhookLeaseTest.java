package org.crmhub.hub.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fencing of webhook delivery leases: once another hub has claimed a delivery, the earlier
 * claimant (a hub that stalled past its lease) is told it no longer holds it, so it neither sends
 * nor records.
 */
@ExtendWith(VertxExtension.class)
class WebhookLeaseTest {

  private static TestRedis server;

  @BeforeAll
  static void startRedis() throws Exception {
    server = TestRedis.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    server.close();
  }

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
}
