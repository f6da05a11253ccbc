package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/** What the staff web app needs beyond the inbox: internal notes, "also viewing", channels' health, HTML mail. */
class StaffViewsApiTest extends HubTestBase {

  private Future<JsonObject> conversationOf(String email, String text, String html) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    JsonObject contact = TestHub.contact("views-" + tag, email, text).put("channel", "email").put("subject", "Order " + tag);
    if (html != null) {
      contact.put("html", html);
    }
    return pushAndWait(contact, "email:" + email)
        .compose(customer -> getJson("/api/v1/conversations/"
            + customer.getJsonArray("conversations").getJsonObject(0).getString("id")));
  }

  @Test
  void aNoteJoinsTheThreadAsInternalAndLeavesTheQueueAlone(VertxTestContext test) {
    String email = "note-" + UUID.randomUUID() + "@example.com";
    conversationOf(email, "Where is my order?", null).compose(before -> {
      String id = before.getString("id");
      return hub.authorized(HttpMethod.POST, "/api/v1/conversations/" + id + "/notes")
          .sendJsonObject(new JsonObject().put("text", "VIP <script>alert(1)</script>, call back"))
          .compose(created -> hub.authorized(HttpMethod.POST, "/api/v1/conversations/" + id + "/notes")
              .sendJsonObject(new JsonObject().put("text", ""))
              .compose(empty -> hub.authorized(HttpMethod.POST, "/api/v1/conversations/cv_missing/notes")
                  .sendJsonObject(new JsonObject().put("text", "lost"))
                  .compose(missing -> getJson("/api/v1/conversations/" + id).map(after -> {
                    test.verify(() -> {
                      assertEquals(201, created.statusCode(), created.bodyAsString());
                      JsonObject note = created.bodyAsJsonObject();
                      assertEquals("internal", note.getString("direction"));
                      assertTrue(note.getString("sentBy").startsWith("api-key:"), note.encode());
                      assertEquals("VIP <script>alert(1)</script>, call back", note.getString("text"), "kept verbatim; pages escape it");
                      assertProblem(empty, 400);
                      assertProblem(missing, 404);
                      JsonArray messages = after.getJsonArray("messages");
                      assertEquals(List.of("inbound", "internal"),
                          messages.stream().map(m -> ((JsonObject) m).getString("direction")).toList());
                      assertEquals(before.getString("preview"), after.getString("preview"), "the queue shows customer text only");
                      assertEquals(before.getString("waitingSince"), after.getString("waitingSince"), "a note answers nobody");
                      assertEquals(before.getString("status"), after.getString("status"));
                    });
                    return after;
                  }))));
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void viewersSeeEachOtherAndSessionsNeedTheCsrfToken(VertxTestContext test) {
    String email = "presence-" + UUID.randomUUID() + "@example.com";
    conversationOf(email, "Hello", null).compose(conversation -> {
      String path = "/api/v1/conversations/" + conversation.getString("id") + "/presence";
      return hub.request(HttpMethod.POST, "/api/v1/auth/login")
          .sendJsonObject(new JsonObject().put("username", "admin").put("password", TestHub.ADMIN_PASSWORD))
          .compose(login -> {
            String cookie = StaffSessionTest.cookieValue(StaffSessionTest.sessionCookie(login));
            String csrf = login.bodyAsJsonObject().getString("csrfToken");
            return hub.authorized(HttpMethod.POST, path).send()
                .compose(byKey -> hub.request(HttpMethod.POST, path).putHeader("Cookie", cookie).send()
                    .compose(noToken -> hub.request(HttpMethod.POST, path).putHeader("Cookie", cookie)
                        .putHeader(Authentication.CSRF_HEADER, csrf).send()
                        .compose(byAdmin -> hub.authorized(HttpMethod.POST, "/api/v1/conversations/cv_missing/presence").send()
                            .map(missing -> {
                              test.verify(() -> {
                                assertEquals(200, byKey.statusCode(), byKey.bodyAsString());
                                assertEquals(1, byKey.bodyAsJsonObject().getJsonArray("viewers").size());
                                assertProblem(noToken, 403);
                                assertEquals(200, byAdmin.statusCode(), byAdmin.bodyAsString());
                                JsonArray viewers = byAdmin.bodyAsJsonObject().getJsonArray("viewers");
                                assertEquals(2, viewers.size(), viewers.encode());
                                assertTrue(viewers.contains("admin"), viewers.encode());
                                assertProblem(missing, 404);
                              });
                              return missing;
                            }))));
          });
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void adminsListChannelsHealthAndEveryConnectorAsTheContractSays(VertxTestContext test) {
    hub.authorized(HttpMethod.GET, "/api/v1/admin/channels").send()
        .compose(response -> ContractLoader.load(vertx, ApiRouter.CONTRACT)
            // the contract's own schema, through Vert.x's OpenAPI response validator
            .compose(contract -> ResponseValidator.create(vertx, contract).validate(
                ValidatableResponse.create(response.statusCode(), response.body(), "application/json"), "listChannelHealth"))
            .map(validated -> response))
        .onComplete(test.succeeding(response -> test.verify(() -> {
          assertEquals(200, response.statusCode(), response.bodyAsString());
          JsonObject body = response.bodyAsJsonObject();
          assertTrue(body.getJsonArray("items") != null);
          Map<String, JsonObject> connectors = body.getJsonArray("connectors").stream().map(JsonObject.class::cast)
              .collect(java.util.stream.Collectors.toMap(c -> c.getString("connector"), c -> c));
          assertEquals(Set.of("twilio-voice", "ivr-events", "x", "meta", "portal", "email"), connectors.keySet());
          assertEquals(false, connectors.get("x").getBoolean("configured"), "no X credentials in the test settings");
          assertEquals(true, connectors.get("meta").getBoolean("configured"), "the test settings hold a Meta app secret");
          assertEquals(List.of("portal"), connectors.get("portal").getJsonArray("sendsOn").getList());
          assertEquals(false, connectors.get("portal").getBoolean("recordsOnly"));
          test.completeNow();
        })));
  }

  @Test
  void htmlMailIsServedSanitisedUnderItsOwnSandboxPolicyAndOnlyToStaff(VertxTestContext test) {
    String email = "html-" + UUID.randomUUID() + "@example.com";
    String html = "<p onclick=\"steal()\">Hi <b>you</b></p><script>steal()</script><iframe src=\"https://evil.invalid\"></iframe>"
        + "<a href=\"javascript:steal()\">x</a><img src=\"https://tracker.invalid/p.gif\">";
    conversationOf(email, "Hi you", html).compose(conversation -> {
      String messageId = conversation.getJsonArray("messages").getJsonObject(0).getString("id");
      String path = "/mail/" + conversation.getString("id") + "/" + messageId;
      return hub.authorized(HttpMethod.GET, path).send()
          .compose(blocked -> hub.authorized(HttpMethod.GET, path + "?images=1").send()
              .compose(shown -> hub.request(HttpMethod.GET, path).send()
                  .compose(anonymous -> hub.authorized(HttpMethod.GET, "/mail/" + conversation.getString("id") + "/nope").send()
                      .compose(missing -> hub.authorized(HttpMethod.GET, "/mail/bad%20id/x").send()
                          .map(badId -> {
                            test.verify(() -> {
                              assertEquals(200, blocked.statusCode(), blocked.bodyAsString());
                              String policy = blocked.getHeader("Content-Security-Policy");
                              assertTrue(policy.contains("sandbox") && policy.contains("img-src data:;")
                                  && !policy.contains("script-src"), policy);
                              assertTrue(shown.getHeader("Content-Security-Policy").contains("img-src data: https:"));
                              String body = blocked.bodyAsString();
                              assertTrue(body.contains("Hi <b>you</b>"), body);
                              for (String active : List.of("<script", "onclick", "<iframe", "javascript:")) {
                                assertFalse(body.contains(active), active + " survived: " + body);
                              }
                              assertProblem(anonymous, 401);
                              assertProblem(missing, 404);
                              assertProblem(badId, 400);
                            });
                            return badId;
                          })))));
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void thePagesCarryAStrictPolicyAndTheAppIsServed(VertxTestContext test) {
    hub.request(HttpMethod.GET, "/").send()
        .compose(index -> hub.request(HttpMethod.GET, "/login").send()
            .compose(login -> hub.request(HttpMethod.GET, "/assets/js/app.js").send()
                .compose(script -> hub.request(HttpMethod.GET, "/assets/../webapp/index.html").send()
                    .map(traversal -> {
                      test.verify(() -> {
                        assertEquals(200, index.statusCode());
                        String policy = index.getHeader("Content-Security-Policy");
                        for (String directive : List.of("default-src 'none'", "script-src 'self'", "style-src 'self'",
                            "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'")) {
                          assertTrue(policy.contains(directive), directive + " missing in " + policy);
                        }
                        assertFalse(policy.contains("unsafe"), policy);
                        assertTrue(login.bodyAsString().contains("id=\"login-form\""));
                        assertTrue(script.getHeader("Content-Type").contains("javascript"), script.getHeader("Content-Type"));
                        assertEquals("nosniff", script.getHeader("X-Content-Type-Options"));
                        assertTrue(traversal.statusCode() == 404 || traversal.statusCode() == 400, "" + traversal.statusCode());
                      });
                      return traversal;
                    }))))
        .onComplete(test.succeedingThenComplete());
  }
}
