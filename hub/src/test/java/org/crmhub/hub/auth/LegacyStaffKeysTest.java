package org.crmhub.hub.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.crmhub.hub.testing.TestRedis;
import org.junit.jupiter.api.Test;

/** Staff users stored before their keys had the {staff} hash tag still sign in after an upgrade. */
class LegacyStaffKeysTest {

  @Test
  void usersUnderTheOldKeysAreMovedOnceAndSignInAsBefore() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (TestRedis server = TestRedis.start()) {
      Redis redis = Redis.connect(vertx, server.url()).await();
      String hash = new PasswordHasher().hash("legacy-password-123");
      redis.call(c -> c.hset("crm:staff:olda", Map.of("username", "olda", "role", "agent", "passwordHash", hash,
          "createdAt", Instant.now().toString()))).await();
      redis.call(c -> c.sadd("crm:staff-users", "olda")).await();

      TestHub hub = TestHub.deploy(vertx, TestHub.config(server.url(), TestDirectories.create("legacy-staff"))).await();
      try {
        var signedIn = hub.request(HttpMethod.POST, "/api/v1/auth/login")
            .sendJsonObject(new JsonObject().put("username", "olda").put("password", "legacy-password-123")).await();
        assertEquals(200, signedIn.statusCode(), signedIn.bodyAsString());
        assertEquals("agent", signedIn.bodyAsJsonObject().getString("role"));
        assertTrue(hub.authorized(HttpMethod.GET, "/api/v1/staff").send().await().bodyAsJsonObject()
            .getJsonArray("items").stream().map(JsonObject.class::cast)
            .anyMatch(user -> "olda".equals(user.getString("username")) && !user.getBoolean("disabled")));
        assertEquals(0L, redis.call(c -> c.exists("crm:staff:olda")).await(), "the old user key is gone");
        assertEquals(0L, redis.call(c -> c.exists("crm:staff-users")).await(), "the old username set is gone");
        assertEquals(200, hub.authorized(HttpMethod.PATCH, "/api/v1/staff/olda")
            .sendJsonObject(new JsonObject().put("name", "Olda Old")).await().statusCode(), "and the user can be edited");
      } finally {
        hub.undeploy().await();
        redis.shutdown().await();
      }
    } finally {
      vertx.close().await();
    }
  }
}
