package org.crmhub.hub.testing;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A webhook receiver on loopback that checks Standard Webhooks signatures with the official
 * Standard Webhooks library (sharing no code with the hub), validates every body against the
 * contract's schema for its event type, and answers each webhook-id's attempts as a test scripts
 * it. {@link #stop()} fails when any body broke the contract, so every test that receives
 * webhooks checks them.
 */
public final class WebhookReceiver {

  /**
   * One request that arrived, and whether its signature verified against the known secrets.
   *
   * @param arrivedAtMillis this JVM's clock when the request was complete
   */
  public record Received(String webhookId, long timestamp, String body, boolean signatureValid,
      int signatureCount, int attemptOfThisId, long arrivedAtMillis) {

    public JsonObject json() {
      return new JsonObject(body);
    }

    /**
     * What the contract's schema for the body's type finds wrong. Checked when asked, not while
     * answering: a slow first schema load must not make the hub time out and resend.
     */
    public List<String> contractViolations() {
      String type;
      try {
        type = new JsonObject(body).getString("type");
      } catch (RuntimeException notJson) {
        return List.of("the body is not a JSON object");
      }
      return type == null ? List.of("the body has no type") : ContractSchemas.webhookViolations(type, body);
    }
  }
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> attemptsById = new ConcurrentHashMap<>();
  private final List<String> secrets = new CopyOnWriteArrayList<>();
  private volatile BiConsumer<RoutingContext, Integer> behaviour = (ctx, attempt) -> ctx.response().setStatusCode(204).end();
  private HttpServer server;
  private Vertx vertx;

  public static Future<WebhookReceiver> start(Vertx vertx) {
    WebhookReceiver receiver = new WebhookReceiver();
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.post("/hook").handler(receiver::handle);
    router.get("/landing").handler(ctx -> ctx.response().end("ok"));
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").map(server -> {
      receiver.server = server;
      receiver.vertx = vertx;
      return receiver;
    });
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/hook";
  }

  public void trustSecret(String secret) {
    secrets.add(secret);
  }

  /** How to answer; the second argument counts this webhook-id's attempts from 1. */
  public void answer(BiConsumer<RoutingContext, Integer> behaviour) {
    this.behaviour = behaviour;
  }

  public List<Received> received() {
    return new ArrayList<>(received);
  }

  /** Closes the server; fails when a received body broke the contract. */
  public Future<Void> stop() {
    List<Received> all = received();
    // schema checks are CPU work: off the event loop
    return server.close()
        .compose(v -> vertx.executeBlocking(() -> all.stream()
            .filter(r -> !r.contractViolations().isEmpty())
            .map(r -> r.webhookId() + " " + r.body() + " -> " + r.contractViolations())
            .toList()))
        .compose(broken -> broken.isEmpty()
            ? Future.succeededFuture()
            : Future.failedFuture(new AssertionError(broken.size() + " webhook(s) broke the contract, e.g. "
                + String.join("; ", broken.subList(0, Math.min(3, broken.size()))))));
  }

  private void handle(RoutingContext ctx) {
    String id = ctx.request().getHeader("webhook-id");
    String timestamp = ctx.request().getHeader("webhook-timestamp");
    String signatures = ctx.request().getHeader("webhook-signature");
    String body = ctx.body().asString();
    int attempt = attemptsById.computeIfAbsent(String.valueOf(id), k -> new AtomicInteger()).incrementAndGet();
    boolean valid = id != null && timestamp != null && signatures != null && verifies(id, timestamp, body, signatures);
    received.add(new Received(id, parsedTimestamp(timestamp), body, valid,
        signatures == null ? 0 : signatures.split(" ").length, attempt, System.currentTimeMillis()));
    behaviour.accept(ctx, attempt);
  }

  private static long parsedTimestamp(String timestamp) {
    try {
      return timestamp == null ? 0 : Long.parseLong(timestamp);
    } catch (NumberFormatException unreadable) {
      return 0;
    }
  }

  /**
   * Any trusted secret verifying the request verifies it; the library also refuses a timestamp
   * more than five minutes off.
   */
  private boolean verifies(String id, String timestamp, String body, String signatures) {
    Map<String, List<String>> headers = Map.of(
        "webhook-id", List.of(id), "webhook-timestamp", List.of(timestamp), "webhook-signature", List.of(signatures));
    for (String secret : secrets) {
      try {
        new Webhook(secret).verify(body, headers);
        return true;
      } catch (WebhookVerificationException notThisSecret) {
        // try the next one
      }
    }
    return false;
  }
}
