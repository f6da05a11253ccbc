package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/** Admins edit staff users: name, role, disabled, a new password; the hub never runs out of admins. */
class StaffAdminApiTest extends HubTestBase {

  private static final String PASSWORD = "first-password-123";

  private HttpResponse<Buffer> login(String username, String password) {
    return hub.request(HttpMethod.POST, "/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("username", username).put("password", password)).await();
  }

  private String sessionOf(String username, String password) {
    HttpResponse<Buffer> signedIn = login(username, password);
    assertEquals(200, signedIn.statusCode(), signedIn.bodyAsString());
    return StaffSessionTest.cookieValue(StaffSessionTest.sessionCookie(signedIn));
  }

  private int sessionStatus(String cookie) {
    return hub.request(HttpMethod.GET, "/api/v1/auth/session").putHeader("Cookie", cookie).send().await().statusCode();
  }

  private HttpResponse<Buffer> patch(String username, JsonObject change) {
    return hub.authorized(HttpMethod.PATCH, "/api/v1/staff/" + username).sendJsonObject(change).await();
  }

  private HttpResponse<Buffer> setPassword(String username, String password) {
    return hub.authorized(HttpMethod.PUT, "/api/v1/staff/" + username + "/password")
        .sendJsonObject(new JsonObject().put("password", password)).await();
  }

  private String newUser(String role) {
    String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<Buffer> created = hub.authorized(HttpMethod.POST, "/api/v1/staff").sendJsonObject(new JsonObject()
        .put("username", username).put("password", PASSWORD).put("role", role).put("name", "New " + role)).await();
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertEquals("New " + role, created.bodyAsJsonObject().getString("name"));
    assertFalse(created.bodyAsJsonObject().getBoolean("disabled"));
    return username;
  }

  @Test
  void anAdminRenamesAndPromotesAUserWhoseSessionsThenEnd() {
    String username = newUser("agent");
    String session = sessionOf(username, PASSWORD);
    HttpResponse<Buffer> renamed = patch(username, new JsonObject().put("name", "Ed Example"));
    assertEquals(200, renamed.statusCode(), renamed.bodyAsString());
    assertEquals("Ed Example", renamed.bodyAsJsonObject().getString("name"));
    assertEquals(200, sessionStatus(session), "a new name changes no access");

    HttpResponse<Buffer> promoted = patch(username, new JsonObject().put("role", "admin"));
    assertEquals(200, promoted.statusCode(), promoted.bodyAsString());
    assertEquals("admin", promoted.bodyAsJsonObject().getString("role"));
    assertEquals(401, sessionStatus(session), "the agent session ends with the role it had");
    assertEquals("admin", login(username, PASSWORD).bodyAsJsonObject().getString("role"));
  }

  @Test
  void aDisabledUserIsSignedOutAndCannotSignInUntilEnabled() {
    String username = newUser("agent");
    String session = sessionOf(username, PASSWORD);
    String other = sessionOf(username, PASSWORD);
    HttpResponse<Buffer> disabled = patch(username, new JsonObject().put("disabled", true));
    assertEquals(200, disabled.statusCode(), disabled.bodyAsString());
    assertTrue(disabled.bodyAsJsonObject().getBoolean("disabled"));
    assertEquals(401, sessionStatus(session));
    assertEquals(401, sessionStatus(other), "every session of the user ends");
    assertProblem(login(username, PASSWORD), 401);
    assertTrue(hub.authorized(HttpMethod.GET, "/api/v1/staff").send().await().bodyAsJsonObject().getJsonArray("items")
        .stream().map(JsonObject.class::cast)
        .anyMatch(user -> username.equals(user.getString("username")) && user.getBoolean("disabled")));

    assertEquals(200, patch(username, new JsonObject().put("disabled", false)).statusCode());
    assertEquals(200, login(username, PASSWORD).statusCode());
  }

  @Test
  void aNewPasswordEndsTheUsersSessionsAndReplacesTheOldOne() {
    String username = newUser("agent");
    String session = sessionOf(username, PASSWORD);
    assertEquals(204, setPassword(username, "second-password-456").statusCode());
    assertEquals(401, sessionStatus(session));
    assertProblem(login(username, PASSWORD), 401);
    assertEquals(200, login(username, "second-password-456").statusCode());
  }

  @Test
  void anAdminSettingTheirOwnPasswordKeepsTheSessionThatDidIt() {
    String username = newUser("admin");
    String session = sessionOf(username, PASSWORD);
    String elsewhere = sessionOf(username, PASSWORD);
    String csrf = hub.request(HttpMethod.GET, "/api/v1/auth/session").putHeader("Cookie", session).send().await()
        .bodyAsJsonObject().getString("csrfToken");
    HttpResponse<Buffer> set = hub.request(HttpMethod.PUT, "/api/v1/staff/" + username + "/password")
        .putHeader("Cookie", session).putHeader("X-CSRF-Token", csrf)
        .sendJsonObject(new JsonObject().put("password", "my-own-new-password")).await();
    assertEquals(204, set.statusCode(), set.bodyAsString());
    assertEquals(200, sessionStatus(session));
    assertEquals(401, sessionStatus(elsewhere));
  }

  @Test
  void unknownUsersAndBadChangesAreRefused() {
    String username = newUser("agent");
    assertProblem(patch("nobody-" + UUID.randomUUID().toString().substring(0, 8), new JsonObject().put("role", "admin")), 404);
    assertProblem(setPassword("nobody-" + UUID.randomUUID().toString().substring(0, 8), "long-enough-password"), 404);
    assertProblem(patch(username, new JsonObject()), 400);
    assertProblem(patch(username, new JsonObject().put("role", "owner")), 400);
    assertProblem(patch(username, new JsonObject().put("passwordHash", "x")), 400);
    assertProblem(setPassword(username, "short"), 400);
    assertProblem(patch("bad%20name", new JsonObject().put("role", "agent")), 400);
  }

  /**
   * Every enabled admin is demoted or disabled at once, by parallel requests: exactly one is
   * refused with 409, and exactly one enabled admin is left. Afterwards every admin is restored.
   */
  @Test
  void parallelChangesNeverLeaveTheHubWithoutAnEnabledAdmin() {
    for (int i = 0; i < 6; i++) {
      newUser("admin");
    }
    List<String> admins = new ArrayList<>();
    hub.authorized(HttpMethod.GET, "/api/v1/staff").send().await().bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast)
        .filter(user -> "admin".equals(user.getString("role")) && !user.getBoolean("disabled"))
        .forEach(user -> admins.add(user.getString("username")));
    assertTrue(admins.size() >= 7, admins.toString());

    List<Future<HttpResponse<Buffer>>> changes = new ArrayList<>();
    for (int i = 0; i < admins.size(); i++) {
      JsonObject change = i % 2 == 0 ? new JsonObject().put("disabled", true) : new JsonObject().put("role", "agent");
      changes.add(hub.authorized(HttpMethod.PATCH, "/api/v1/staff/" + admins.get(i)).sendJsonObject(change));
    }
    Future.join(changes).await();
    List<HttpResponse<Buffer>> refused = changes.stream().map(Future::result).filter(r -> r.statusCode() == 409).toList();
    long done = changes.stream().map(Future::result).filter(r -> r.statusCode() == 200).count();
    try {
      assertEquals(1, refused.size(), "exactly one change is refused");
      assertProblem(refused.get(0), 409);
      assertEquals(admins.size() - 1, done);
      long enabledAdmins = hub.authorized(HttpMethod.GET, "/api/v1/staff").send().await().bodyAsJsonObject()
          .getJsonArray("items").stream().map(JsonObject.class::cast)
          .filter(user -> "admin".equals(user.getString("role")) && !user.getBoolean("disabled")).count();
      assertEquals(1, enabledAdmins);
    } finally {
      for (String admin : admins) {
        assertEquals(200, patch(admin, new JsonObject().put("role", "admin").put("disabled", false)).statusCode());
      }
    }
    assertEquals(200, login("admin", TestHub.ADMIN_PASSWORD).statusCode());
  }
}
