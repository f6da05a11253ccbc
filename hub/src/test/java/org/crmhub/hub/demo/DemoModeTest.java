package org.crmhub.hub.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.util.Set;
import java.util.stream.Collectors;
import org.crmhub.hub.Hub;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.crmhub.hub.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Demo mode fills an empty hub through the ingest path, on every channel, and only once. */
@ExtendWith(VertxExtension.class)
class DemoModeTest {

  private static final Set<String> EVERY_CHANNEL = Set.of("email", "sms", "phone", "x", "messenger", "instagram", "portal", "api");

  /** Eleven scripted contacts, each its own conversation (different channels or customers). */
  private static final int DEMO_CONVERSATIONS = 11;

  private TestRedis redis;

  @BeforeEach
  void emptyRedis() throws Exception {
    redis = TestRedis.start();
  }

  @AfterEach
  void stopRedis() throws Exception {
    redis.close();
  }


  private static Future<JsonArray> inbox(TestHub client) {
    return client.authorized(HttpMethod.GET, "/api/v1/conversations?limit=100").send()
        .map(response -> response.bodyAsJsonObject().getJsonArray("items"));
  }

  @Test
  void anEmptyHubIsFilledOnEveryChannelAndARestartAddsNothing(Vertx vertx, VertxTestContext test) throws Exception {
    Hub first = new Hub(TestHub.config(redis.url(), TestDirectories.create("demo")), true);
    vertx.deployVerticle(first).compose(id -> {
      TestHub client = TestHub.attach(vertx, first, id);
      return Eventually.holds(vertx, 30_000, "every channel and the demo replies are in", () -> inbox(client)
              .map(items -> items.size() >= DEMO_CONVERSATIONS
                  && items.stream().map(item -> ((JsonObject) item).getString("channel"))
                      .collect(Collectors.toSet()).equals(EVERY_CHANNEL)
                  && items.stream().map(item -> (JsonObject) item)
                      .filter(item -> item.getString("waitingSince") == null).count() >= 4))
          .compose(v -> inbox(client))
          .compose(items -> client.undeploy().map(items));
    }).compose(items -> {
      Set<String> channels = items.stream().map(item -> ((JsonObject) item).getString("channel")).collect(Collectors.toSet());
      test.verify(() -> {
        assertEquals(EVERY_CHANNEL, channels);
        assertTrue(items.stream().anyMatch(item -> "negative".equals(((JsonObject) item).getJsonObject("sentiment").getString("label"))));
      });
      // a second start on the same data adds nothing
      Hub second = new Hub(TestHub.config(redis.url(), redis.dataDir()), true);
      return vertx.deployVerticle(second).compose(id -> {
        TestHub client = TestHub.attach(vertx, second, id);
        // the seeding decision is taken right after listening; give a would-be second round time to show
        return Future.<Void>future(done -> vertx.setTimer(1_500, t -> done.complete()))
            .compose(v -> inbox(client))
            .compose(again -> client.undeploy().map(again));
      }).map(again -> {
        test.verify(() -> assertEquals(items.size(), again.size()));
        return again;
      });
    }).onComplete(test.succeedingThenComplete());
  }
}
