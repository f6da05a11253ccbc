package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/** Its own class (and Redis): it uses up this client address's sign-in budget on purpose. */
class LoginRateLimitTest extends HubTestBase {

  private Future<HttpResponse<Buffer>> login(String username, String password) {
    return hub.request(HttpMethod.POST, "/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("username", username).put("password", password));
  }

  @Test
  void wrongPasswordsAreRefusedThenRateLimitedEvenForTheRightPassword(VertxTestContext test) {
    // the test hub allows five failures per window
    Future<HttpResponse<Buffer>> failures = login("admin", "wrong-1");
    for (int i = 2; i <= 5; i++) {
      String password = "wrong-" + i;
      failures = failures.compose(previous -> {
        test.verify(() -> assertProblem(previous, 401));
        return login("admin", password);
      });
    }
    failures
        .compose(fifth -> {
          test.verify(() -> assertProblem(fifth, 401));
          return login("admin", TestHub.ADMIN_PASSWORD);
        })
        .onComplete(test.succeeding(limited -> test.verify(() -> {
          assertProblem(limited, 429);
          assertNotNull(limited.getHeader("Retry-After"));
          assertTrue(Integer.parseInt(limited.getHeader("Retry-After")) > 0);
          assertEquals(null, limited.getHeader("Set-Cookie"));
          test.completeNow();
        })));
  }

  /** Sign-in from a loopback address of its own, so each test has a fresh per-address budget. */
  private Future<HttpResponse<Buffer>> loginFrom(String clientAddress, String username, String password) {
    io.vertx.ext.web.client.WebClient client = io.vertx.ext.web.client.WebClient.create(vertx,
        new io.vertx.ext.web.client.WebClientOptions().setLocalAddress(clientAddress));
    return client.post(hub.port(), "127.0.0.1", "/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("username", username).put("password", password))
        .onComplete(done -> client.close());
  }

  private Future<String> newStaffUser() {
    String username = "guessed-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    return hub.authorized(HttpMethod.POST, "/api/v1/staff")
        .sendJsonObject(new JsonObject().put("username", username).put("password", STAFF_PASSWORD).put("role", "admin"))
        .map(created -> username);
  }

  private static final String STAFF_PASSWORD = "the-right-password-42";

  /** Counted before judged, atomically: of 40 parallel wrong passwords at most the limit (5 here) are judged. */
  @Test
  void parallelWrongPasswordsAreJudgedAtMostTheLimitTimes(VertxTestContext test) {
    newStaffUser()
        .compose(username -> Future.all(java.util.stream.IntStream.range(0, 40)
            .mapToObj(i -> loginFrom("127.0.0.3", username, "wrong-" + i)).toList()))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          java.util.List<HttpResponse<Buffer>> answers = all.list();
          long judged = answers.stream().filter(r -> r.statusCode() == 401).count();
          long limited = answers.stream().filter(r -> r.statusCode() == 429).count();
          assertEquals(5, judged, "judged");
          assertEquals(35, limited, "refused unjudged");
          test.completeNow();
        })));
  }

  /** Guessing from one address locks out that address, not the owner signing in from theirs. */
  @Test
  void theOwnerOnTheirOwnAddressStillGetsInWhileTheGuesserIsLockedOut(VertxTestContext test) {
    String[] user = new String[1];
    newStaffUser()
        .compose(username -> {
          user[0] = username;
          return Future.all(java.util.stream.IntStream.range(0, 8).mapToObj(i -> loginFrom("127.0.0.4", username, "guess-" + i)).toList());
        })
        .compose(guesses -> loginFrom("127.0.0.4", user[0], STAFF_PASSWORD))
        .compose(guesserWithTheRightPassword -> {
          test.verify(() -> assertProblem(guesserWithTheRightPassword, 429));
          return loginFrom("127.0.0.5", user[0], STAFF_PASSWORD);
        })
        .onComplete(test.succeeding(ownerAnswer -> test.verify(() -> {
          assertEquals(200, ownerAnswer.statusCode(), ownerAnswer.bodyAsString());
          test.completeNow();
        })));
  }
}
