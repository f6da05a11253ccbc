package org.crmhub.connector;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * Work that must run on one hub at a time (a mailbox poll, an X poll) is done only while holding
 * its lease. A lease lapses when its holder stops renewing it, so another hub takes over within
 * one lease time of the holder dying.
 */
public interface Leases {

  /** Takes the lease, or renews it when this hub holds it already; false when another hub does. */
  Future<Boolean> acquire(String name, Duration ttl);

  /** Gives the lease up at once if this hub holds it. */
  Future<Void> release(String name);
}
