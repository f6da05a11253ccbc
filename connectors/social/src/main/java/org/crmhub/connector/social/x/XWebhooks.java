package org.crmhub.connector.social.x;

import static org.crmhub.connector.WebhookProblems.problem;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import org.crmhub.connector.HmacSha256;
import org.crmhub.connector.Ingest;
import org.crmhub.connector.WebhookProblems;
import org.crmhub.connector.social.EventBatches;
import org.crmhub.connector.social.SignedWebhook;

/**
 * Push mode: X's Account Activity webhooks. {@code GET /webhooks/x} answers the CRC challenge
 * ({@code sha256=} + base64 HMAC-SHA256 of crc_token with the consumer secret);
 * {@code POST /webhooks/x} takes events whose {@code x-twitter-webhooks-signature} (the same HMAC
 * over the raw body) is checked before parsing. X gets its 200 only once every contact is durable;
 * a replayed event is a duplicate and stores nothing new.
 */
final class XWebhooks {

  static final String PATH = "/webhooks/x";
  private static final int BODY_LIMIT = 512 * 1024;
  private static final String PREFIX = "sha256=";

  private final String consumerSecret;
  private final XActivityEvents events;
  private final Ingest ingest;

  XWebhooks(String consumerSecret, XActivityEvents events, Ingest ingest) {
    this.consumerSecret = consumerSecret;
    this.events = events;
    this.ingest = ingest;
  }

  void mount(Router router) {
    router.get(PATH).handler(this::challenge);
    SignedWebhook.mount(router, PATH, BODY_LIMIT, "x-twitter-webhooks-signature", this::signedByX, this::receive);
  }

  static String responseToken(String consumerSecret, String content) {
    return PREFIX + HmacSha256.base64(consumerSecret, content.getBytes(StandardCharsets.UTF_8));
  }

  private boolean signedByX(String header, byte[] body) {
    return header.startsWith(PREFIX)
        && HmacSha256.equal(PREFIX + HmacSha256.base64(consumerSecret, body), header.trim());
  }

  private void challenge(RoutingContext ctx) {
    String token = ctx.request().getParam("crc_token");
    if (token == null || token.isEmpty() || token.length() > 256) {
      problem(ctx, 400, "Bad request", "crc_token is missing or too long");
      return;
    }
    ctx.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("response_token", responseToken(consumerSecret, token)).encode());
  }

  private void receive(RoutingContext ctx) {
    EventBatches.receive(ctx, ingest, "X", events::contacts);
  }
}
