package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.util.UUID;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/** Staff sign-in: cookies, CSRF, roles, rate limiting. */
class StaffSessionTest extends HubTestBase {

  Future<HttpResponse<Buffer>> login(String username, String password) {
    return hub.request(HttpMethod.POST, "/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("username", username).put("password", password));
  }

  static String sessionCookie(HttpResponse<Buffer> response) {
    return response.cookies().stream().filter(c -> c.startsWith("crmhub_session=")).findFirst().orElseThrow();
  }

  static String cookieValue(String setCookie) {
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  @Test
  void adminSignsInWithAHardenedCookieAndMustEchoTheCsrfToken(VertxTestContext test) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String[] cookie = new String[1];
    String[] csrf = new String[1];
    pushAndWait(TestHub.contact("csrf-" + tag, "csrf-" + tag + "@example.com", "hello"), "email:csrf-" + tag + "@example.com")
        .compose(customer -> login("admin", TestHub.ADMIN_PASSWORD).map(response -> {
          test.verify(() -> {
            assertEquals(200, response.statusCode(), response.bodyAsString());
            String setCookie = sessionCookie(response);
            assertTrue(setCookie.toLowerCase().contains("httponly"), setCookie);
            assertTrue(setCookie.contains("SameSite=Lax"), setCookie);
            assertTrue(setCookie.contains("Secure"), setCookie);
            assertEquals("admin", response.bodyAsJsonObject().getString("role"));
          });
          cookie[0] = cookieValue(sessionCookie(response));
          csrf[0] = response.bodyAsJsonObject().getString("csrfToken");
          return customer.getJsonArray("conversations").getJsonObject(0).getString("id");
        }))
        .compose(conversationId -> Future.all(
                hub.request(HttpMethod.PATCH, "/api/v1/conversations/" + conversationId).putHeader("Cookie", cookie[0])
                    .sendJsonObject(new JsonObject().put("status", "pending")),
                hub.request(HttpMethod.PATCH, "/api/v1/conversations/" + conversationId).putHeader("Cookie", cookie[0])
                    .putHeader("X-CSRF-Token", "forged").sendJsonObject(new JsonObject().put("status", "pending")),
                hub.request(HttpMethod.GET, "/api/v1/auth/session").putHeader("Cookie", cookie[0]).send())
            .compose(refused -> {
              test.verify(() -> {
                assertProblem(refused.resultAt(0), 403);
                assertProblem(refused.resultAt(1), 403);
                assertEquals(csrf[0], ((HttpResponse<Buffer>) refused.resultAt(2)).bodyAsJsonObject().getString("csrfToken"));
              });
              return hub.request(HttpMethod.PATCH, "/api/v1/conversations/" + conversationId)
                  .putHeader("Cookie", cookie[0]).putHeader("X-CSRF-Token", csrf[0])
                  .sendJsonObject(new JsonObject().put("status", "pending").put("assignee", "admin"));
            }))
        .compose(patched -> {
          test.verify(() -> {
            assertEquals(200, patched.statusCode(), patched.bodyAsString());
            assertEquals("pending", patched.bodyAsJsonObject().getString("status"));
            assertEquals("admin", patched.bodyAsJsonObject().getString("assignee"));
          });
          return hub.request(HttpMethod.POST, "/api/v1/auth/logout").putHeader("Cookie", cookie[0])
              .putHeader("X-CSRF-Token", csrf[0]).send();
        })
        .compose(loggedOut -> {
          test.verify(() -> assertEquals(204, loggedOut.statusCode()));
          return hub.request(HttpMethod.GET, "/api/v1/auth/session").putHeader("Cookie", cookie[0]).send();
        })
        .onComplete(test.succeeding(afterLogout -> test.verify(() -> {
          assertProblem(afterLogout, 401);
          test.completeNow();
        })));
  }

  @Test
  void anAgentWorksTheInboxButCannotReachAdminEndpoints(VertxTestContext test) {
    String agent = "agent-" + UUID.randomUUID().toString().substring(0, 8);
    hub.authorized(HttpMethod.POST, "/api/v1/staff")
        .sendJsonObject(new JsonObject().put("username", agent).put("password", "agent-password-123").put("role", "agent"))
        .compose(created -> {
          test.verify(() -> assertEquals(201, created.statusCode(), created.bodyAsString()));
          return login(agent, "agent-password-123");
        })
        .compose(session -> {
          String cookie = cookieValue(sessionCookie(session));
          String csrf = session.bodyAsJsonObject().getString("csrfToken");
          return Future.all(
              hub.request(HttpMethod.GET, "/api/v1/conversations").putHeader("Cookie", cookie).send(),
              hub.request(HttpMethod.GET, "/api/v1/api-keys").putHeader("Cookie", cookie).send(),
              hub.request(HttpMethod.POST, "/api/v1/api-keys").putHeader("Cookie", cookie).putHeader("X-CSRF-Token", csrf)
                  .sendJsonObject(new JsonObject().put("name", "mine").put("scopes", new io.vertx.core.json.JsonArray().add("admin"))),
              hub.request(HttpMethod.GET, "/api/v1/dead-letters").putHeader("Cookie", cookie).send(),
              hub.request(HttpMethod.GET, "/api/v1/staff").putHeader("Cookie", cookie).send(),
              hub.request(HttpMethod.POST, "/api/v1/staff").putHeader("Cookie", cookie).putHeader("X-CSRF-Token", csrf)
                  .sendJsonObject(new JsonObject().put("username", "x").put("password", "long-enough-pass").put("role", "admin")));
        })
        .onComplete(test.succeeding(all -> test.verify(() -> {
          assertEquals(200, ((HttpResponse<Buffer>) all.resultAt(0)).statusCode());
          for (int i = 1; i < 6; i++) {
            assertProblem(all.resultAt(i), 403);
          }
          test.completeNow();
        })));
  }

  /** A caller grants only scopes it holds itself, and portal keys are made by the hub alone. */
  @Test
  void nobodyGrantsAScopeTheyLackAndNoOneMintsAPortalKey(VertxTestContext test) {
    java.util.function.Function<String[], JsonObject> key = scopes -> new JsonObject().put("name", "k")
        .put("scopes", new io.vertx.core.json.JsonArray(java.util.List.of((Object[]) scopes)));
    login("admin", TestHub.ADMIN_PASSWORD)
        .compose(session -> {
          String cookie = cookieValue(sessionCookie(session));
          String csrf = session.bodyAsJsonObject().getString("csrfToken");
          java.util.function.Function<String[], Future<HttpResponse<Buffer>>> asAdmin = scopes -> hub
              .request(HttpMethod.POST, "/api/v1/api-keys").putHeader("Cookie", cookie).putHeader("X-CSRF-Token", csrf)
              .sendJsonObject(key.apply(scopes));
          return Future.all(
              asAdmin.apply(new String[] {"portal"}),
              asAdmin.apply(new String[] {"read", "portal"}),
              hub.authorized(HttpMethod.POST, "/api/v1/api-keys").sendJsonObject(key.apply(new String[] {"portal"})),
              hub.authorized(HttpMethod.POST, "/api/v1/api-keys").sendJsonObject(key.apply(new String[] {"admin"})),
              asAdmin.apply(new String[] {"read", "webhooks"}));
        })
        .compose(all -> {
          HttpResponse<Buffer> adminOnly = all.resultAt(3);
          test.verify(() -> {
            for (int i = 0; i < 3; i++) {
              assertProblem(all.resultAt(i), 403);
            }
            assertEquals(201, adminOnly.statusCode(), adminOnly.bodyAsString());
            assertEquals(201, ((HttpResponse<Buffer>) all.resultAt(4)).statusCode());
          });
          String secret = adminOnly.bodyAsJsonObject().getString("key");
          return Future.all(
              hub.request(HttpMethod.POST, "/api/v1/api-keys").bearerTokenAuthentication(secret)
                  .sendJsonObject(key.apply(new String[] {"admin", "webhooks"})),
              hub.request(HttpMethod.POST, "/api/v1/api-keys").bearerTokenAuthentication(secret)
                  .sendJsonObject(key.apply(new String[] {"admin"})));
        })
        .onComplete(test.succeeding(narrow -> test.verify(() -> {
          assertProblem(narrow.resultAt(0), 403);
          assertEquals(201, ((HttpResponse<Buffer>) narrow.resultAt(1)).statusCode());
          test.completeNow();
        })));
  }

  @Test
  void aNewSessionIdOnEverySignIn(VertxTestContext test) {
    login("admin", TestHub.ADMIN_PASSWORD)
        .compose(first -> hub.request(HttpMethod.POST, "/api/v1/auth/login")
            .putHeader("Cookie", cookieValue(sessionCookie(first)))
            .sendJsonObject(new JsonObject().put("username", "admin").put("password", TestHub.ADMIN_PASSWORD))
            .map(second -> new String[] {sessionCookie(first), sessionCookie(second)}))
        .onComplete(test.succeeding(cookies -> test.verify(() -> {
          assertNotEquals(cookieValue(cookies[0]), cookieValue(cookies[1]));
          test.completeNow();
        })));
  }
}
