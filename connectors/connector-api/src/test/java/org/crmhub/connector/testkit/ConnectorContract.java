package org.crmhub.connector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

/**
 * What every connector owes the hub, run against each one (one subclass per connector): its
 * provider hears that an event was taken (HTTP 2xx, IMAP \Seen, a saved offset) only once
 * {@code Ingest.accept} has succeeded; when accept fails the event stays with the provider, which
 * tries again; and the same event delivered again is a duplicate, kept once. Subclasses say how
 * their provider delivers an event and how it can tell that it was acknowledged.
 */
public abstract class ConnectorContract extends ConnectorTest {

  protected static final long TIMEOUT_MS = 15_000;
  /** How long a connector that acknowledges too early gets to show it, on loopback. */
  protected static final long SETTLE_MS = 400;

  /** The provider sends event {@code key} for the first time. Completes once sent, not once answered. */
  protected abstract Future<Void> deliver(String key);

  /** The provider sends event {@code key} again, as after an acknowledgement it never got. */
  protected abstract Future<Void> redeliver(String key);

  /** Whether the provider holds its latest delivery of {@code key} as taken by the hub. */
  protected abstract Future<Boolean> acknowledged(String key);

  /** Whether the provider was left with event {@code key} to try again (a 503, or nothing marked). */
  protected abstract Future<Boolean> leftForRetry(String key);

  /** After a refusal, what makes the provider try again; a webhook provider sends the event again. */
  protected Future<Void> retry(String key) {
    return redeliver(key);
  }

  /** True for connectors that keep offsets: they must save them, and only after accept. */
  protected boolean savesOffsets() {
    return false;
  }

  protected MemoryIngest ingest() {
    return context.ingest();
  }

  @Test
  void theProviderIsAcknowledgedOnlyOnceTheContactIsAccepted(VertxTestContext test) {
    ingest().holdAccepts();
    int[] writesBefore = new int[1];
    deliver("held")
        .compose(v -> Awaits.until(vertx, TIMEOUT_MS, "the connector asks the hub to accept", () -> ingest().heldCount() > 0))
        .compose(v -> {
          writesBefore[0] = context.state().writes().size();
          return vertx.timer(SETTLE_MS);
        })
        .compose(v -> acknowledged("held"))
        .compose(early -> {
          test.verify(() -> {
            assertFalse(early, "the provider was acknowledged while accept had not completed");
            assertEquals(writesBefore[0], context.state().writes().size(), "an offset was saved before accept completed");
          });
          ingest().acceptNormally();
          return Awaits.untilAsync(vertx, TIMEOUT_MS, "the provider is acknowledged once accepted", () -> acknowledged("held"));
        })
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertEquals(1, ingest().accepted().size(), "one event, one contact: " + ingest().accepted());
          if (savesOffsets()) {
            assertTrue(context.state().writes().size() > writesBefore[0], "the offset moved after accept");
          }
          test.completeNow();
        })));
  }

  @Test
  void anEventTheHubCouldNotAcceptStaysWithTheProviderAndIsTakenOnItsRetry(VertxTestContext test) {
    ingest().failAccepts();
    int[] writesBefore = new int[1];
    deliver("refused")
        .compose(v -> Awaits.until(vertx, TIMEOUT_MS, "the connector tried to accept", () -> ingest().refused() > 0))
        .compose(v -> {
          writesBefore[0] = context.state().writes().size();
          return Awaits.untilAsync(vertx, TIMEOUT_MS, "the provider is told to try again", () -> leftForRetry("refused"));
        })
        .compose(v -> vertx.timer(SETTLE_MS))
        .compose(v -> acknowledged("refused"))
        .compose(acknowledged -> {
          test.verify(() -> {
            assertFalse(acknowledged, "an event the hub did not take was acknowledged");
            assertEquals(writesBefore[0], context.state().writes().size(), "an offset moved past an event not accepted");
            assertTrue(ingest().accepted().isEmpty());
          });
          ingest().acceptNormally();
          return retry("refused");
        })
        .compose(v -> Awaits.untilAsync(vertx, TIMEOUT_MS, "the retried event is acknowledged", () -> acknowledged("refused")))
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertEquals(1, ingest().accepted().size(), "taken once on the retry: " + ingest().accepted());
          test.completeNow();
        })));
  }

  @Test
  void aRedeliveredEventIsADuplicateKeptOnceAndAcknowledgedAgain(VertxTestContext test) {
    deliver("twice")
        .compose(v -> Awaits.untilAsync(vertx, TIMEOUT_MS, "the first delivery is acknowledged", () -> acknowledged("twice")))
        .compose(v -> redeliver("twice"))
        .compose(v -> Awaits.untilAsync(vertx, TIMEOUT_MS, "the redelivery is acknowledged", () -> acknowledged("twice")))
        .compose(v -> Awaits.until(vertx, TIMEOUT_MS, "the hub answered duplicate", () -> !ingest().duplicates().isEmpty()))
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertEquals(1, ingest().accepted().size(), "kept once: " + ingest().accepted());
          assertEquals(1, ingest().duplicates().size(), "the redelivery came once: " + ingest().duplicates());
          assertEquals(ingest().accepted().get(0).externalId(), ingest().duplicates().get(0).externalId());
          test.completeNow();
        })));
  }
}
