package org.crmhub.hub.health;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.crmhub.hub.ingest.IngestKeys;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.RedisWatchdog;
import org.crmhub.hub.redis.StreamEntry;
import org.crmhub.hub.redis.Streams;

/**
 * Liveness, readiness (Redis answers, consumers run) and Prometheus metrics. Both Redis reads go
 * through the watchdog, so while Redis is frozen the hub reports itself not ready at once (a load
 * balancer's probe does not hang) and the metrics show the backlog as unknown.
 */
public final class HealthRoutes {

  private final Redis redis;
  private final RedisWatchdog watchdog;
  private final IngestKeys keys;
  private final HubMetrics metrics;
  private final BooleanSupplier consumersHealthy;
  private final Supplier<Future<JsonObject>> leasedSources;
  private final long maxBacklog;

  /**
   * @param leasedSources per source read under a lease (each mailbox): whether and where it is read
   * @param maxBacklog the backlog at which new contacts are refused; 0 for no limit
   */
  public HealthRoutes(Redis redis, RedisWatchdog watchdog, IngestKeys keys, HubMetrics metrics,
      BooleanSupplier consumersHealthy, Supplier<Future<JsonObject>> leasedSources, long maxBacklog) {
    this.maxBacklog = maxBacklog;
    metrics.backlogLimit(maxBacklog);
    this.redis = redis;
    this.watchdog = watchdog;
    this.keys = keys;
    this.metrics = metrics;
    this.consumersHealthy = consumersHealthy;
    this.leasedSources = leasedSources;
  }

  public void mount(Router router) {
    router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    router.get("/metrics").handler(this::metrics);
  }

  /**
   * UP when Redis answers and the consumers run. Each mailbox's state is reported beside, not
   * counted: a mailbox read by another hub is fine, and one nobody reads is not this hub's to fix
   * by being restarted or taken out of a load balancer. The backlog is reported the same way:
   * when it is full every hub sharing the Redis refuses new contacts alike, and taking them all
   * out of the balancer would stop reads too.
   */
  private void ready(RoutingContext ctx) {
    Future<String> ping = watchdog.guarded(() -> redis.call(c -> c.ping()));
    Future<JsonObject> sources = watchdog.guarded(leasedSources::get);
    Future<Long> backlog = backlog();
    // which server answers as the primary: after a Sentinel failover, the promoted replica
    Future<String> primary = watchdog.guarded(redis::serverAddress);
    Future.join(ping, sources, backlog, primary).onComplete(done -> {
      boolean redisUp = ping.succeeded();
      boolean consumers = consumersHealthy.getAsBoolean();
      JsonObject body = new JsonObject()
          .put("status", redisUp && consumers ? "UP" : "DOWN")
          .put("checks", new JsonObject()
              .put("redis", redisUp ? "UP" : "DOWN")
              .put("ingestConsumers", consumers ? "UP" : "DOWN"));
      if (primary.succeeded() && primary.result() != null) {
        body.put("redisPrimary", primary.result());
      }
      if (sources.succeeded() && !sources.result().isEmpty()) {
        body.put("sources", sources.result());
      }
      if (backlog.succeeded()) {
        boolean full = maxBacklog > 0 && backlog.result() >= maxBacklog;
        body.put("backlog", new JsonObject().put("waiting", backlog.result()).put("limit", maxBacklog)
            .put("accepting", !full));
      }
      json(ctx, redisUp && consumers ? 200 : 503, body);
    });
  }

  /** Contacts accepted and not filed yet, over every partition. */
  private Future<Long> backlog() {
    List<Future<Long>> lengths = new ArrayList<>();
    for (int partition = 0; partition < keys.partitions(); partition++) {
      String stream = keys.stream(partition);
      lengths.add(watchdog.guarded(() -> redis.call(c -> c.xlen(stream))));
    }
    return Future.all(lengths).map(all -> lengths.stream().mapToLong(Future::result).sum());
  }

  /** Backlog and the oldest waiting contact's age read from the ingest streams, then the scrape. */
  private void metrics(RoutingContext ctx) {
    Future<Long> backlog = backlog();
    List<Future<List<StreamEntry>>> oldest = new ArrayList<>();
    for (int partition = 0; partition < keys.partitions(); partition++) {
      String stream = keys.stream(partition);
      oldest.add(watchdog.guarded(() -> Streams.oldest(redis, stream, 1)));
    }
    Future.all(backlog, Future.all(oldest))
        .onComplete(read -> {
          if (read.succeeded()) {
            long now = System.currentTimeMillis();
            long oldestWait = oldest.stream().flatMap(entries -> entries.result().stream())
                .mapToLong(entry -> now - entry.appendedAtMillis())
                .max().orElse(0);
            metrics.ingestState(backlog.result(), Math.max(0, oldestWait));
          } else {
            metrics.ingestState(-1, -1);
          }
          ctx.response()
              .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
              .end(metrics.prometheusText());
        });
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
