package org.crmhub.hub.webhooks;

import io.vertx.core.Vertx;

/**
 * Tells this process's {@link DeliveryWorker} that deliveries became due now (new events fanned
 * out, a replay, a re-send), so it claims them at once instead of at its next poll; other hubs
 * sharing the Redis find them at theirs.
 */
public final class DueDeliveries {

  static final String ADDRESS = "crmhub.webhooks.due";

  private DueDeliveries() {}

  public static void announce(Vertx vertx) {
    vertx.eventBus().publish(ADDRESS, null);
  }
}
