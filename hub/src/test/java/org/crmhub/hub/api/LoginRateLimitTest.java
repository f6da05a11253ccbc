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
}
