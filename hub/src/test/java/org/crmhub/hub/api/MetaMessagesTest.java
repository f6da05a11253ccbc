package org.crmhub.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Messenger and Instagram end to end: a fake Meta signs webhooks the way Meta does (its own
 * HMAC code, not the hub's) and a fake Graph API takes the Send API calls, checking the page
 * access token. The handshake and the posts the connector refuses on its own are tested in its
 * module (connectors/social, MetaWebhookRefusalsTest).
 */
class MetaMessagesTest extends HubTestBase {

  private static final String PAGE_TOKEN = "page-access-token-for-tests";
  private static final String PAGE_ID = "1000000000001";
  private final List<JsonObject> sent = new CopyOnWriteArrayList<>();
  private final List<String> sentAuth = new CopyOnWriteArrayList<>();
  private HttpServer fakeGraph;

  @BeforeEach
  @Override
  void deploy(Vertx vertx, VertxTestContext test) throws Exception {
    this.vertx = vertx;
    Router graph = Router.router(vertx);
    graph.route().handler(BodyHandler.create());
    graph.post("/v21.0/me/messages").handler(ctx -> {
      if (!("Bearer " + PAGE_TOKEN).equals(ctx.request().getHeader("Authorization"))) {
        ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("error", new JsonObject().put("message", "Invalid OAuth access token.").put("code", 190)).encode());
        return;
      }
      JsonObject body = ctx.body().asJsonObject();
      sent.add(body);
      sentAuth.add(ctx.request().getHeader("Authorization"));
      if (body.getJsonObject("message").getString("text").contains("refuse")) {
        ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("error", new JsonObject()
                .put("message", "(#551) This person isn't available right now.").put("code", 551)).encode());
        return;
      }
      ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
          .put("recipient_id", body.getJsonObject("recipient").getString("id"))
          .put("message_id", "m_sent_" + UUID.randomUUID()).encode());
    });
    var dataDir = TestDirectories.create("meta");
    vertx.createHttpServer().requestHandler(graph).listen(0, "127.0.0.1")
        .compose(server -> {
          fakeGraph = server;
          return TestHub.deploy(vertx, TestHub.config(redis.url(), dataDir).withChannel("meta", metaSettings()));
        })
        .onComplete(test.succeeding(deployed -> {
          hub = deployed;
          test.completeNow();
        }));
  }

  private JsonObject metaSettings() {
    return new JsonObject().put("appSecret", TestHub.META_APP_SECRET).put("verifyToken", TestHub.META_VERIFY_TOKEN)
        .put("pageAccessToken", PAGE_TOKEN).put("graphBaseUrl", "http://127.0.0.1:" + fakeGraph.actualPort())
        .put("defaultRegion", "DE");
  }

  @AfterEach
  void stopFake(VertxTestContext test) {
    fakeGraph.close().onComplete(test.succeedingThenComplete());
  }

  private static String psid() {
    return Long.toString(7_000_000_000_000L + (long) (Math.random() * 1_000_000_000_000L));
  }

  private static String sign(String body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private Future<HttpResponse<Buffer>> post(String body, String signature) {
    var request = hub.request(HttpMethod.POST, "/webhooks/meta").putHeader("Content-Type", "application/json");
    if (signature != null) {
      request.putHeader("X-Hub-Signature-256", signature);
    }
    return request.sendBuffer(Buffer.buffer(body));
  }

  private Future<HttpResponse<Buffer>> signed(JsonObject body) {
    String encoded = body.encode();
    return post(encoded, sign(encoded, TestHub.META_APP_SECRET));
  }

  private static JsonObject webhook(String object, JsonObject... events) {
    return new JsonObject().put("object", object).put("entry", new JsonArray().add(new JsonObject()
        .put("id", PAGE_ID).put("time", System.currentTimeMillis()).put("messaging", new JsonArray(List.of((Object[]) events)))));
  }

  private static JsonObject message(String from, String mid, String text) {
    JsonObject message = new JsonObject().put("mid", mid);
    if (text != null) {
      message.put("text", text);
    }
    return new JsonObject().put("sender", new JsonObject().put("id", from))
        .put("recipient", new JsonObject().put("id", PAGE_ID)).put("timestamp", System.currentTimeMillis())
        .put("message", message);
  }

  private Future<JsonObject> conversationOf(String identity, int messages) {
    // what was seen last goes into the failure message, so a miss says whether a conversation is
    // missing messages or the customer has two
    String[] seen = {"no customer yet"};
    return Eventually.holds(vertx, 20_000, identity + " has " + messages + " messages",
            () -> customerOf(identity).map(c -> {
              if (c != null) {
                seen[0] = c.getJsonArray("conversations").encode();
              }
              return c != null && c.getJsonArray("conversations").size() == 1
                  && c.getJsonArray("conversations").getJsonObject(0).getInteger("messageCount") == messages;
            }))
        .recover(timedOut -> Future.failedFuture(new AssertionError(timedOut.getMessage() + "; last seen " + seen[0])))
        .compose(v -> customerOf(identity))
        .compose(c -> getJson("/api/v1/conversations/" + c.getJsonArray("conversations").getJsonObject(0).getString("id")));
  }

  @Test
  void messagesPostbacksAndAttachmentsArriveOnceEvenWhenReplayedAcrossARestart(VertxTestContext test) {
    String customer = psid();
    String igUser = psid();
    JsonObject attachment = message(customer, "m_att_" + UUID.randomUUID(), null);
    attachment.getJsonObject("message").put("attachments", new JsonArray().add(new JsonObject().put("type", "image")
        .put("payload", new JsonObject().put("url", "https://cdn.example.com/photo.jpg"))));
    JsonObject echo = message(PAGE_ID, "m_echo_" + UUID.randomUUID(), "our own reply");
    echo.getJsonObject("message").put("is_echo", true);
    echo.put("recipient", new JsonObject().put("id", customer));
    JsonObject postback = new JsonObject().put("sender", new JsonObject().put("id", customer))
        .put("recipient", new JsonObject().put("id", PAGE_ID)).put("timestamp", System.currentTimeMillis())
        .put("postback", new JsonObject().put("mid", "m_pb_" + UUID.randomUUID()).put("title", "Talk to support")
            .put("payload", "SUPPORT"));
    JsonObject delivery = new JsonObject().put("sender", new JsonObject().put("id", customer))
        .put("recipient", new JsonObject().put("id", PAGE_ID)).put("delivery", new JsonObject().put("watermark", 1));
    JsonObject messenger = webhook("page", message(customer, "m_" + UUID.randomUUID(), "My order never arrived"),
        attachment, echo, postback, delivery);
    JsonObject instagram = webhook("instagram", message(igUser, "m_ig_" + UUID.randomUUID(), "Is this in stock?"));
    signed(messenger)
        .compose(first -> {
          test.verify(() -> {
            assertEquals(200, first.statusCode(), first.bodyAsString());
            assertEquals(3, first.bodyAsJsonObject().getInteger("accepted"));
          });
          return signed(messenger);
        })
        .compose(v -> signed(instagram))
        .compose(v -> conversationOf("meta:" + customer, 3))
        .compose(v -> hub.undeploy())
        .compose(v -> {
          try {
            return TestHub.deploy(vertx, TestHub.config(redis.url(), TestDirectories.create("meta2"))
                .withChannel("meta", metaSettings()));
          } catch (java.io.IOException e) {
            return Future.failedFuture(e);
          }
        })
        .compose(restarted -> {
          hub = restarted;
          return signed(messenger).compose(v -> signed(instagram));
        })
        .compose(v -> conversationOf("meta:" + igUser, 1))
        .compose(ig -> {
          test.verify(() -> assertEquals("instagram", ig.getString("channel")));
          // a replay wrongly stored would be processed within this time
          return vertx.timer(1_500).compose(quiet -> conversationOf("meta:" + customer, 3));
        })
        .onComplete(test.succeeding(conversation -> test.verify(() -> {
          assertEquals("messenger", conversation.getString("channel"));
          JsonArray messages = conversation.getJsonArray("messages");
          assertEquals(3, messages.size(), "replays and the restart stored nothing twice; echo and delivery are no contacts");
          JsonObject image = messages.stream().map(m -> (JsonObject) m)
              .filter(m -> m.getJsonObject("metadata", new JsonObject()).containsKey("attachments")).findFirst().orElseThrow();
          assertEquals("https://cdn.example.com/photo.jpg",
              image.getJsonObject("metadata").getJsonArray("attachments").getJsonObject(0).getString("url"));
          assertTrue(messages.stream().anyMatch(m -> "Talk to support".equals(((JsonObject) m).getString("text"))));
          test.completeNow();
        })));
  }

  @Test
  void repliesGoThroughTheSendApiToThePageScopedIdAndTooLongOrRefusedOnesFail(VertxTestContext test) {
    String customer = psid();
    String hostile = "<script>alert('x')</script> \u202Egnp.exe \u200D\uD83D\uDC68\u200D\uD83D\uDC69 "
        + "\uD83D\uDE00".repeat(10_000);
    signed(webhook("page", message(customer, "m_" + UUID.randomUUID(), hostile)))
        .compose(v -> conversationOf("meta:" + customer, 1))
        .compose(conversation -> {
          String id = conversation.getString("id");
          String path = "/api/v1/conversations/" + id + "/replies";
          return hub.authorized(HttpMethod.POST, path).sendJsonObject(new JsonObject().put("text", "Sorry! It ships today."))
              .compose(ok -> hub.authorized(HttpMethod.POST, path).sendJsonObject(new JsonObject().put("text", "please refuse"))
                  .compose(refused -> getJson("/api/v1/conversations/" + id).map(after -> {
                        test.verify(() -> {
                          assertEquals(201, ok.statusCode(), ok.bodyAsString());
                          assertEquals("sent", ok.bodyAsJsonObject().getString("status"));
                          assertTrue(ok.bodyAsJsonObject().getString("providerId").startsWith("m_sent_"));
                          assertEquals(502, refused.statusCode());
                          assertTrue(refused.bodyAsJsonObject().getString("detail").contains("isn't available"),
                              refused.bodyAsString());
                          JsonObject first = sent.get(0);
                          assertEquals(customer, first.getJsonObject("recipient").getString("id"));
                          assertEquals("RESPONSE", first.getString("messaging_type"));
                          assertEquals("Sorry! It ships today.", first.getJsonObject("message").getString("text"));
                          assertEquals("Bearer " + PAGE_TOKEN, sentAuth.get(0));
                          JsonObject inbound = after.getJsonArray("messages").stream().map(m -> (JsonObject) m)
                              .filter(m -> "inbound".equals(m.getString("direction"))).findFirst().orElseThrow();
                          assertEquals(hostile, inbound.getString("text"), "stored verbatim");
                        });
                        return after;
                      })));
        })
        .onComplete(test.succeedingThenComplete());
  }
}
