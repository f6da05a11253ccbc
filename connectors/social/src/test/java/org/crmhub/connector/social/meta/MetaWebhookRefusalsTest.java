package org.crmhub.connector.social.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxTestContext;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityType;
import org.crmhub.connector.testkit.ProviderHmac;
import org.crmhub.connector.Connector;
import org.crmhub.connector.testkit.ConnectorTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Meta's subscription handshake and the webhook posts the connector must refuse before anything
 * reaches the hub. Signed the way Meta signs (HMAC-SHA256 from the JDK, not the connector's code).
 */
class MetaWebhookRefusalsTest extends ConnectorTest {

  private static final String APP_SECRET = "refusals-test-app-secret";
  private static final String VERIFY_TOKEN = "refusals-test-verify-token";
  private static final String PAGE_ID = "1000000000001";

  private WebClient client;

  @Override
  protected Connector newConnector() {
    return new MetaConnector();
  }

  @Override
  protected Future<JsonObject> settings(Vertx vertx) {
    return Future.succeededFuture(new JsonObject().put("appSecret", APP_SECRET).put("verifyToken", VERIFY_TOKEN));
  }

  @BeforeEach
  void createClient(Vertx vertx) {
    client = WebClient.create(vertx);
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  private static String sign(String body, String secret) {
    return "sha256=" + HexFormat.of().formatHex(ProviderHmac.sha256(secret, body));
  }

  private Future<HttpResponse<Buffer>> post(String body, String signature) {
    var request = client.post(context.port(), "127.0.0.1", MetaConnector.PATH).putHeader("Content-Type", "application/json");
    if (signature != null) {
      request.putHeader("X-Hub-Signature-256", signature);
    }
    return request.sendBuffer(Buffer.buffer(body));
  }

  private static JsonObject webhook(JsonObject event) {
    return new JsonObject().put("object", "page").put("entry", new JsonArray().add(new JsonObject()
        .put("id", PAGE_ID).put("time", System.currentTimeMillis()).put("messaging", new JsonArray().add(event))));
  }

  private static JsonObject message(String from, String mid, String text) {
    return new JsonObject().put("sender", new JsonObject().put("id", from))
        .put("recipient", new JsonObject().put("id", PAGE_ID)).put("timestamp", System.currentTimeMillis())
        .put("message", new JsonObject().put("mid", mid).put("text", text));
  }

  private static String psid() {
    return Long.toString(7_000_000_000_000L + (long) (Math.random() * 1_000_000_000_000L));
  }

  @Test
  void theSubscriptionHandshakeEchoesOnlyAPlainChallengeForTheRightToken(VertxTestContext test) {
    String ok = MetaConnector.PATH + "?hub.mode=subscribe&hub.verify_token=" + VERIFY_TOKEN + "&hub.challenge=1158201444";
    Future.all(List.of(
            client.get(context.port(), "127.0.0.1", ok).send(),
            client.get(context.port(), "127.0.0.1", ok.replace(VERIFY_TOKEN, "guessed")).send(),
            client.get(context.port(), "127.0.0.1", ok.replace("subscribe", "unsubscribe")).send(),
            client.get(context.port(), "127.0.0.1", ok.replace("1158201444", "%3Cscript%3Ealert(1)%3C%2Fscript%3E")).send()))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          List<HttpResponse<Buffer>> answers = all.list();
          assertEquals(200, answers.get(0).statusCode());
          assertEquals("1158201444", answers.get(0).bodyAsString());
          assertTrue(answers.get(0).getHeader("Content-Type").startsWith("text/plain"));
          assertEquals(403, answers.get(1).statusCode());
          assertEquals(400, answers.get(2).statusCode());
          assertEquals(400, answers.get(3).statusCode());
          assertFalse(answers.get(3).bodyAsString().contains("<script>"));
          test.completeNow();
        })));
  }

  @Test
  void forgedUnsignedTamperedMalformedAndOversizedPostsAreRefusedWithNothingAccepted(VertxTestContext test) {
    String customer = psid();
    String body = webhook(message(customer, "m_" + UUID.randomUUID(), "hello")).encode();
    String tampered = body.replace("hello", "HELLO");
    String malformed = "{\"object\":\"page\",\"entry\":";
    String badSender = webhook(message("not-a-number", "m_" + UUID.randomUUID(), "hi")).encode();
    String huge = webhook(message(customer, "m_" + UUID.randomUUID(), "x".repeat(600 * 1024))).encode();
    Future.all(List.of(
            post(body, null),
            post(body, sign(body, "the-wrong-secret")),
            post(tampered, sign(body, APP_SECRET)),
            post(body, "sha1=" + sign(body, APP_SECRET).substring(7)),
            post(malformed, sign(malformed, APP_SECRET)),
            post(badSender, sign(badSender, APP_SECRET)),
            post(huge, sign(huge, APP_SECRET))))
        .compose(all -> {
          List<HttpResponse<Buffer>> answers = all.list();
          test.verify(() -> {
            int[] expected = {401, 403, 403, 403, 400, 400, 413};
            for (int i = 0; i < expected.length; i++) {
              assertEquals(expected[i], answers.get(i).statusCode(), "request " + i + ": " + answers.get(i).bodyAsString());
              if (expected[i] != 413) {
                assertEquals("application/problem+json", answers.get(i).getHeader("Content-Type"));
              }
              assertFalse(answers.get(i).bodyAsString().contains("Exception"));
            }
            assertEquals(0, context.ingest().attempts(), "nothing refused reached the hub");
          });
          return post(body, sign(body, APP_SECRET));
        })
        .onComplete(test.succeeding(ok -> test.verify(() -> {
          assertEquals(200, ok.statusCode());
          assertEquals(1, context.ingest().accepted().size());
          assertEquals(List.of(new Identity(IdentityType.META, customer)), context.ingest().accepted().get(0).from().identities());
          test.completeNow();
        })));
  }
}
