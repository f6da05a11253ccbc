package org.crmhub.connector.social.x;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxTestContext;
import java.util.Base64;
import java.util.List;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityType;
import org.crmhub.connector.testkit.ProviderHmac;
import org.crmhub.connector.Connector;
import org.crmhub.connector.testkit.ConnectorTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * X's Account Activity webhooks in push mode: the CRC challenge, and the posts the connector must
 * refuse before anything reaches the hub. Signed as X signs (HMAC-SHA256 from the JDK).
 */
class XWebhooksTest extends ConnectorTest {

  private static final String CONSUMER_SECRET = "webhooks-test-consumer-secret";
  private static final String ACCOUNT_ID = "1000000001";

  private WebClient client;

  @Override
  protected Connector newConnector() {
    return new XConnector();
  }

  @Override
  protected Future<JsonObject> settings(Vertx vertx) {
    return Future.succeededFuture(new JsonObject().put("consumerKey", "key").put("consumerSecret", CONSUMER_SECRET)
        .put("accessToken", "token").put("accessTokenSecret", "token-secret").put("accountUserId", ACCOUNT_ID)
        .put("apiBaseUrl", "http://127.0.0.1:9").put("mode", "push"));
  }

  @BeforeEach
  void createClient(Vertx vertx) {
    client = WebClient.create(vertx);
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  private static String hmacBase64(String content) {
    return "sha256=" + Base64.getEncoder().encodeToString(ProviderHmac.sha256(CONSUMER_SECRET, content));
  }

  private Future<HttpResponse<Buffer>> post(String body, String signature) {
    var request = client.post(context.port(), "127.0.0.1", XWebhooks.PATH).putHeader("Content-Type", "application/json");
    if (signature != null) {
      request.putHeader("x-twitter-webhooks-signature", signature);
    }
    return request.sendBuffer(Buffer.buffer(body));
  }

  @Test
  void theCrcChallengeIsAnsweredWithTheConsumerSecretsHmac(VertxTestContext test) {
    Future.all(List.of(
            client.get(context.port(), "127.0.0.1", XWebhooks.PATH + "?crc_token=challenge-123").send(),
            client.get(context.port(), "127.0.0.1", XWebhooks.PATH).send()))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          HttpResponse<Buffer> ok = all.resultAt(0);
          HttpResponse<Buffer> missing = all.resultAt(1);
          assertEquals(200, ok.statusCode());
          assertEquals(hmacBase64("challenge-123"), ok.bodyAsJsonObject().getString("response_token"));
          assertEquals(400, missing.statusCode());
          test.completeNow();
        })));
  }

  @Test
  void unsignedForgedTamperedAndMalformedEventsAreRefusedAndOurOwnTweetIsNoContact(VertxTestContext test) {
    String erin = "3000000003";
    String mention = new JsonObject().put("for_user_id", ACCOUNT_ID).put("tweet_create_events", new JsonArray()
        .add(new JsonObject().put("id_str", "1800000000000000001").put("text", "@shop where is my refund?")
            .put("created_at", "Wed Oct 10 20:19:24 +0000 2018")
            .put("user", new JsonObject().put("id_str", erin).put("screen_name", "erin")))
        .add(new JsonObject().put("id_str", "1800000000000000002").put("text", "our own tweet")
            .put("user", new JsonObject().put("id_str", ACCOUNT_ID).put("screen_name", "shop")))).encode();
    String malformed = "{\"for_user_id\":\"" + ACCOUNT_ID + "\",\"tweet_create_events\":{}}";
    Future.all(List.of(
            post(mention, null),
            post(mention, hmacBase64("something else")),
            post(mention.replace("refund", "REFUND"), hmacBase64(mention)),
            post(mention, "sha256=" + Base64.getEncoder().encodeToString(new byte[32])),
            post(malformed, hmacBase64(malformed))))
        .compose(refusals -> {
          test.verify(() -> {
            int[] expected = {401, 403, 403, 403, 400};
            for (int i = 0; i < expected.length; i++) {
              HttpResponse<Buffer> answer = refusals.resultAt(i);
              assertEquals(expected[i], answer.statusCode(), "request " + i + ": " + answer.bodyAsString());
              assertEquals("application/problem+json", answer.getHeader("Content-Type"));
            }
            assertEquals(0, context.ingest().attempts(), "nothing refused reached the hub");
          });
          return post(mention, hmacBase64(mention));
        })
        .onComplete(test.succeeding(first -> test.verify(() -> {
          assertEquals(1, first.bodyAsJsonObject().getInteger("accepted"), "our own tweet is no contact");
          assertEquals(1, context.ingest().accepted().size());
          assertEquals(List.of(new Identity(IdentityType.X, erin)), context.ingest().accepted().get(0).from().identities());
          test.completeNow();
        })));
  }
}
