package org.crmhub.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.connector.social.x.FakeX;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * X in push mode: a fake X answers nothing to polls (none may come) and signs Account Activity
 * webhooks with its own HMAC code. The CRC challenge and the events the connector refuses on its
 * own are tested in its module (connectors/social, XWebhooksTest).
 */
class XPushTest extends HubTestBase {

  private FakeX fakeX;

  @BeforeEach
  @Override
  void deploy(Vertx vertx, VertxTestContext test) throws Exception {
    this.vertx = vertx;
    var dataDir = TestDirectories.create("xpush");
    FakeX.start(vertx)
        .compose(fake -> {
          fakeX = fake;
          return TestHub.deploy(vertx, TestHub.config(redis.url(), dataDir)
              .withChannel("x", XChannelTest.settings(fake).put("mode", "push")));
        })
        .onComplete(test.succeeding(deployed -> {
          hub = deployed;
          test.completeNow();
        }));
  }

  @AfterEach
  void stopFake(VertxTestContext test) {
    fakeX.stop().onComplete(test.succeedingThenComplete());
  }

  private static String hmacBase64(String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(FakeX.CONSUMER_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private Future<HttpResponse<Buffer>> post(String body, String signature) {
    var request = hub.request(HttpMethod.POST, "/webhooks/x").putHeader("Content-Type", "application/json");
    if (signature != null) {
      request.putHeader("x-twitter-webhooks-signature", signature);
    }
    return request.sendBuffer(Buffer.buffer(body));
  }

  private static String userId() {
    return Long.toString(3_000_000_000L + (long) (Math.random() * 1_000_000_000L));
  }

  @Test
  void signedEventsArriveOnceAndAMentionAndADmAreOneCustomer(VertxTestContext test) {
    String erin = userId();
    String tweetId = fakeX.nextId();
    String dmId = fakeX.nextId();
    String mention = new JsonObject().put("for_user_id", FakeX.ACCOUNT_ID).put("tweet_create_events", new JsonArray()
        .add(new JsonObject().put("id_str", tweetId).put("text", "@shop where is my refund?")
            .put("created_at", "Wed Oct 10 20:19:24 +0000 2018")
            .put("user", new JsonObject().put("id_str", erin).put("screen_name", "erin")))
        .add(new JsonObject().put("id_str", fakeX.nextId()).put("text", "our own tweet")
            .put("user", new JsonObject().put("id_str", FakeX.ACCOUNT_ID).put("screen_name", "shop")))).encode();
    String dm = new JsonObject().put("for_user_id", FakeX.ACCOUNT_ID).put("direct_message_events", new JsonArray()
        .add(new JsonObject().put("type", "message_create").put("id", dmId).put("created_timestamp", "1700000000000")
            .put("message_create", new JsonObject().put("sender_id", erin)
                .put("target", new JsonObject().put("recipient_id", FakeX.ACCOUNT_ID))
                .put("message_data", new JsonObject().put("text", "it was order 77 &amp; 78 &lt;3")))))
        .put("users", new JsonObject().put(erin, new JsonObject().put("id", erin).put("screen_name", "erin"))).encode();
    post(mention, hmacBase64(mention))
        .compose(first -> {
          test.verify(() -> assertEquals(1, first.bodyAsJsonObject().getInteger("accepted"), "our own tweet is no contact"));
          return post(mention, hmacBase64(mention)).compose(v -> post(dm, hmacBase64(dm))).compose(v -> post(dm, hmacBase64(dm)));
        })
        .compose(v -> Eventually.holds(vertx, 10_000, "mention and DM are filed for one customer",
            () -> customerOf("x:" + erin).map(c -> c != null && c.getJsonArray("conversations").size() == 2)))
        .compose(v -> vertx.timer(1_000))
        .compose(v -> customerOf("x:" + erin))
        .compose(customer -> Future.all(customer.getJsonArray("conversations").stream()
                .map(c -> getJson("/api/v1/conversations/" + ((JsonObject) c).getString("id"))).toList())
            .map(conversations -> {
              List<String> texts = conversations.<JsonObject>list().stream()
                  .flatMap(c -> c.getJsonArray("messages").stream()).map(m -> ((JsonObject) m).getString("text")).toList();
              test.verify(() -> assertTrue(texts.contains("it was order 77 & 78 <3"), "X's escapes undone: " + texts));
              return customer;
            }))
        .onComplete(test.succeeding(customer -> test.verify(() -> {
          assertEquals("@erin", customer.getString("name"));
          assertEquals(2, customer.getJsonArray("conversations").stream()
              .mapToInt(c -> ((JsonObject) c).getInteger("messageCount")).sum(), "replays stored nothing new");
          assertTrue(fakeX.requests().stream().noneMatch(r -> r.endpoint().equals("mentions") || r.endpoint().equals("dm_events")),
              "push mode does not poll");
          assertFalse(customer.encode().contains(FakeX.CONSUMER_SECRET));
          test.completeNow();
        })));
  }
}
