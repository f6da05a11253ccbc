package org.crmhub.connector.testkit;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.crmhub.connector.Leases;

/**
 * Leases of a single hub: every lease is this hub's unless a test says another hub holds it.
 * Times to live are not modelled: the holder keeps a lease until it releases it.
 */
public final class MemoryLeases implements Leases {

  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final Set<String> heldElsewhere = ConcurrentHashMap.newKeySet();

  @Override
  public Future<Boolean> acquire(String name, Duration ttl) {
    if (heldElsewhere.contains(name)) {
      return Future.succeededFuture(false);
    }
    held.add(name);
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Void> release(String name) {
    held.remove(name);
    return Future.succeededFuture();
  }

  /** Another hub takes the lease: this one's next acquire or renewal answers false. */
  public void takenByAnotherHub(String name) {
    held.remove(name);
    heldElsewhere.add(name);
  }

  public boolean holds(String name) {
    return held.contains(name);
  }
}
