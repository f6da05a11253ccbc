package org.crmhub.hub.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on loopback that checks Standard Webhooks signatures with its own
 * implementation (written from the spec, sharing no code with the hub), and answers each
 * webhook-id's attempts as a test scripts it.
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
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> attemptsById = new ConcurrentHashMap<>();
  private final List<String> secrets = new CopyOnWriteArrayList<>();
  private volatile BiConsumer<RoutingContext, Integer> behaviour = (ctx, attempt) -> ctx.response().setStatusCode(204).end();
  private HttpServer server;

  public static Future<WebhookReceiver> start(Vertx vertx) {
    WebhookReceiver receiver = new WebhookReceiver();
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.post("/hook").handler(receiver::handle);
    router.get("/landing").handler(ctx -> ctx.response().end("ok"));
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").map(server -> {
      receiver.server = server;
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

  public Future<Void> stop() {
    return server.close();
  }

  private void handle(RoutingContext ctx) {
    String id = ctx.request().getHeader("webhook-id");
    String timestamp = ctx.request().getHeader("webhook-timestamp");
    String signatures = ctx.request().getHeader("webhook-signature");
    String body = ctx.body().asString();
    int attempt = attemptsById.computeIfAbsent(String.valueOf(id), k -> new AtomicInteger()).incrementAndGet();
    boolean valid = id != null && timestamp != null && signatures != null && verifies(id, timestamp, body, signatures)
        && Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) < 300;
    received.add(new Received(id, timestamp == null ? 0 : Long.parseLong(timestamp), body, valid,
        signatures == null ? 0 : signatures.split(" ").length, attempt, System.currentTimeMillis()));
    behaviour.accept(ctx, attempt);
  }

  /** Any v1 signature matching any trusted secret verifies the request. */
  private boolean verifies(String id, String timestamp, String body, String header) {
    byte[] content = (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
    for (String secret : secrets) {
      byte[] expected = hmac(Base64.getDecoder().decode(secret.substring("whsec_".length())), content);
      for (String signature : header.split(" ")) {
        if (signature.startsWith("v1,")
            && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
          return true;
        }
      }
    }
    return false;
  }

  private static byte[] hmac(byte[] key, byte[] content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
