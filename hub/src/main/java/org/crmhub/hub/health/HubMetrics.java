package org.crmhub.hub.health;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.crmhub.connector.Channel;

/**
 * The hub's metrics, kept by Micrometer and exposed at /metrics in the Prometheus text format.
 * Labels are bounded: channels, route templates (never raw paths), status codes, outcomes.
 */
public final class HubMetrics {

  /** Where the API router notes the contract's path template of the request's operation. */
  private static final String ROUTE_TEMPLATE = "crmhub.routeTemplate";
  private static final Duration[] LATENCY_BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};
  private static final long EVENT_LOOP_PROBE_MS = 100;
  private static final java.util.Set<String> STANDARD_METHODS =
      java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicLong ingestBacklog = new AtomicLong(-1);
  private final AtomicLong oldestWaitingMillis = new AtomicLong(-1);
  private final AtomicLong backlogLimit = new AtomicLong(0);

  public HubMetrics() {
    Gauge.builder("crmhub.ingest.backlog", ingestBacklog, AtomicLong::get)
        .description("Contacts accepted but not processed yet (the ingest consumers' lag in entries); -1 while Redis does not answer.")
        .register(registry);
    Gauge.builder("crmhub.ingest.backlog.limit", backlogLimit, AtomicLong::get)
        .description("The backlog beyond which new contacts are refused with 503 and Retry-After; 0: no limit.")
        .register(registry);
    Gauge.builder("crmhub.ingest.consumer.lag", oldestWaitingMillis, millis -> millis.get() < 0 ? -1 : millis.get() / 1000.0)
        .description("How long the oldest unprocessed contact has waited; 0 when none waits, -1 while Redis does not answer.")
        .baseUnit("seconds")
        .register(registry);
    for (Channel channel : Channel.values()) {
      // every channel shows from the start, also at zero
      accepted(channel);
      processed(channel);
    }
  }

  /** A contact was accepted on any channel (or refused as a duplicate of an earlier one). */
  public void contactAccepted(Channel channel, boolean duplicate) {
    (duplicate ? Counter.builder("crmhub.contacts.duplicate")
        .description("Contacts refused as duplicates of an earlier one.")
        .tag("channel", channel.wireName()).register(registry) : accepted(channel)).increment();
  }

  /** A new contact was refused because the backlog was at its limit (the sender retries). */
  public void contactRefusedBacklogFull(Channel channel) {
    Counter.builder("crmhub.contacts.refused.backlog")
        .description("New contacts refused with 503 because the backlog waiting to be filed was at its limit.")
        .tag("channel", channel.wireName()).register(registry).increment();
  }

  /** A contact was processed into its conversation and is visible in the inbox now. */
  public void contactProcessed(Channel channel, long acceptedAtMillis) {
    processed(channel).increment();
    if (acceptedAtMillis > 0) {
      Timer.builder("crmhub.contact.accept.to.visible")
          .description("From accepting a contact to its message being visible in the inbox.")
          .serviceLevelObjectives(LATENCY_BUCKETS)
          .register(registry)
          .record(Math.max(0, System.currentTimeMillis() - acceptedAtMillis), TimeUnit.MILLISECONDS);
    }
  }

  /** One webhook attempt and what came of it ({@code succeeded}, {@code retrying}, {@code failed}, {@code disabled}). */
  public void webhookAttempt(String outcome, long latencyMillis) {
    Timer.builder("crmhub.webhook.attempts")
        .description("Webhook delivery attempts by outcome, with the target's answer time.")
        .tag("outcome", outcome)
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry)
        .record(latencyMillis, TimeUnit.MILLISECONDS);
  }

  /** A blob sweep finished: what it deleted, blobs no attachment named and leftovers of interrupted writes. */
  public void blobSweepFinished(long blobsDeleted, long leftoversDeleted) {
    Counter.builder("crmhub.blob.sweeps").description("Blob sweeps this hub finished.").register(registry).increment();
    Counter.builder("crmhub.blobs.swept")
        .description("Blobs the sweeps deleted: no attachment named them (kind=unreferenced), or an interrupted write left them (kind=leftover).")
        .tag("kind", "unreferenced").register(registry).increment(blobsDeleted);
    Counter.builder("crmhub.blobs.swept").tag("kind", "leftover").register(registry).increment(leftoversDeleted);
  }

  /** Messages written to this hub's search index, by source ({@code feed}: the events stream; {@code rebuild}). */
  public void searchIndexed(String source, long messages) {
    Counter.builder("crmhub.search.indexed")
        .description("Messages this hub wrote to its search index, from the events stream (source=feed) or a rebuild from Redis (source=rebuild).")
        .tag("source", source).register(registry).increment(messages);
  }

  public void backlogLimit(long limit) {
    backlogLimit.set(limit);
  }

  /** The ingest streams' state at scrape time; -1 each when Redis did not answer. */
  public void ingestState(long backlog, long oldestWaitingMillis) {
    this.ingestBacklog.set(backlog);
    this.oldestWaitingMillis.set(oldestWaitingMillis);
  }

  /** An answer to a new contact held back while many wait to be filed (intake pacing). */
  public void contactPaced(Channel channel, java.time.Duration delay) {
    Timer.builder("crmhub.contacts.paced")
        .description("Answers to new contacts held back because many were waiting to be filed, and for how long.")
        .tag("channel", channel.wireName()).register(registry).record(delay);
  }

  /** Notes the contract's path template of the operation handling the request (the route label). */
  public static void routeTemplate(RoutingContext ctx, String template) {
    ctx.put(ROUTE_TEMPLATE, template);
  }

  /** Times every request by method, route template and status; mount first on the root router. */
  public void timeRequest(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(ended -> Timer.builder("crmhub.http.server.requests")
        .description("HTTP requests by method, route template and status.")
        .tag("method", methodOf(ctx))
        .tag("route", routeOf(ctx))
        .tag("status", Integer.toString(ctx.response().getStatusCode()))
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry)
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
    ctx.next();
  }

  /** Any method name can be sent: those HTTP defines are labels, the rest one word. */
  private static String methodOf(RoutingContext ctx) {
    String method = ctx.request().method().name();
    return STANDARD_METHODS.contains(method) ? method : "other";
  }

  /**
   * The operation's template, else the path of the route that answered as the router knows it
   * (configured, not requested), else a fixed word: a label never holds a raw path.
   */
  private static String routeOf(RoutingContext ctx) {
    String template = ctx.get(ROUTE_TEMPLATE);
    if (template != null) {
      return template;
    }
    if (ctx.response().getStatusCode() == 404) {
      return "unmatched";
    }
    Route route = ctx.currentRoute();
    String path = route == null ? null : route.getPath();
    return path == null || path.equals("/") && !"/".equals(ctx.normalizedPath()) ? "other" : path;
  }

  /** Samples how late a timer fires on the hub's event loop: the work that held it up. */
  public void watchEventLoop(Vertx vertx) {
    Timer delay = Timer.builder("crmhub.event.loop.delay")
        .description("How late a " + EVENT_LOOP_PROBE_MS + " ms timer fired on the hub's event loop.")
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1))
        .register(registry);
    AtomicLong due = new AtomicLong(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EVENT_LOOP_PROBE_MS));
    vertx.setPeriodic(EVENT_LOOP_PROBE_MS, id -> {
      long now = System.nanoTime();
      delay.record(Math.max(0, now - due.get()), TimeUnit.NANOSECONDS);
      due.set(now + TimeUnit.MILLISECONDS.toNanos(EVENT_LOOP_PROBE_MS));
    });
  }

  public String prometheusText() {
    return registry.scrape();
  }

  private Counter accepted(Channel channel) {
    return Counter.builder("crmhub.contacts.accepted")
        .description("Contacts accepted and queued for processing, from every channel.")
        .tag("channel", channel.wireName())
        .register(registry);
  }

  private Counter processed(Channel channel) {
    return Counter.builder("crmhub.contacts.processed")
        .description("Contacts this hub processed into conversations.")
        .tag("channel", channel.wireName())
        .register(registry);
  }
}
