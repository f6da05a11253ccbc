package org.crmhub.hub.privacy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.crmhub.hub.async.Polling;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.webhooks.EventFanOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until the webhook fan-out has passed an erasure's announcement: the fan-out may have read
 * an event about the customer just before the erasure deleted it and make its deliveries just
 * after the erasure looked; once it is past the announcement (appended after everything about the
 * customer) no such delivery is still to come, and a second look finds the last of them.
 */
final class FanOutWait {

  private static final Logger LOG = LoggerFactory.getLogger(FanOutWait.class);
  private static final long POLL_MS = 200;
  /** A hub that fans nothing out (none runs the fan-out) is not waited for longer. */
  private static final long WAIT_MS = 30_000;

  private final Vertx vertx;
  private final Redis redis;

  FanOutWait(Vertx vertx, Redis redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  Future<Void> past(String eventId) {
    if (eventId == null) {
      return Future.succeededFuture();
    }
    return Polling.until(vertx, POLL_MS, WAIT_MS, () -> EventFanOut.passed(redis, eventId)).map(passed -> {
      if (!passed) {
        LOG.warn("erasure: the webhook fan-out is not past event {} after {} ms; deliveries it makes later of"
            + " earlier events are not looked for again", eventId, WAIT_MS);
      }
      return (Void) null;
    });
  }
}
