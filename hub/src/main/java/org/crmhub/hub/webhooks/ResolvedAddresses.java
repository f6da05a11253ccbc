package org.crmhub.hub.webhooks;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The addresses webhook target hosts resolved to, kept for a few seconds so that a burst of
 * deliveries to one host resolves it once. The lookup (blocking) runs on a worker; lookups of a
 * host already under way are shared; a failed one is not kept. What is cached is only the lookup:
 * every use checks every address against the policy again.
 */
final class ResolvedAddresses {

  static final Duration DEFAULT_TTL = Duration.ofSeconds(5);
  /** Hosts kept at most; the least recently used goes first. */
  static final int MAX_HOSTS = 1_024;

  private record Lookup(Future<InetAddress[]> addresses, long expiresAtMillis) {}

  private final Vertx vertx;
  private final WebhookSender.Resolver resolver;
  private final long ttlMillis;
  private final LongSupplier clockMillis;
  /** Shared by every context that sends or checks targets, hence synchronized. */
  private final Map<String, Lookup> lookups = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Lookup> eldest) {
      return size() > MAX_HOSTS;
    }
  };

  ResolvedAddresses(Vertx vertx, WebhookSender.Resolver resolver, Duration ttl, LongSupplier clockMillis) {
    this.vertx = vertx;
    this.resolver = resolver;
    this.ttlMillis = ttl.toMillis();
    this.clockMillis = clockMillis;
  }

  /**
   * The first address of the host, once every address it resolves to passed {@code policy};
   * fails with {@link TargetPolicy.RefusedTarget} or the lookup's failure. Completes on the
   * caller's context, so a request made next is made from there.
   */
  Future<InetAddress> checked(String host, TargetPolicy policy) {
    return onCallersContext(addresses(host)).compose(addresses -> {
      try {
        for (InetAddress address : addresses) {
          policy.checkAddress(address);
        }
        return Future.succeededFuture(addresses[0]);
      } catch (TargetPolicy.RefusedTarget refused) {
        return Future.failedFuture(refused);
      }
    });
  }

  private Future<InetAddress[]> addresses(String host) {
    long now = clockMillis.getAsLong();
    synchronized (lookups) {
      Lookup cached = lookups.get(host);
      if (cached != null && now < cached.expiresAtMillis()) {
        return cached.addresses();
      }
      Lookup lookup = new Lookup(vertx.executeBlocking(() -> resolver.resolve(host), false), now + ttlMillis);
      lookups.put(host, lookup);
      lookup.addresses().onFailure(failure -> {
        synchronized (lookups) {
          lookups.remove(host, lookup);
        }
      });
      return lookup.addresses();
    }
  }

  /** A lookup started by another context would otherwise call back on that one. */
  private Future<InetAddress[]> onCallersContext(Future<InetAddress[]> lookup) {
    if (lookup.isComplete()) {
      return lookup.succeeded() ? Future.succeededFuture(lookup.result()) : Future.failedFuture(lookup.cause());
    }
    Context caller = vertx.getOrCreateContext();
    Promise<InetAddress[]> here = Promise.promise();
    lookup.onComplete(done -> caller.runOnContext(v -> here.handle(done)));
    return here.future();
  }
}
