package org.crmhub.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.hub.HubConfig;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.crmhub.hub.testing.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whole hubs over one store: contacts accepted by a hub that stops before processing them are
 * processed after a restart, the embedded Redis keeps everything across restarts, and two hubs
 * consuming one group file every contact exactly once.
 */
@ExtendWith(VertxExtension.class)
class HubRestartTest {

  @Test
  void contactsAcceptedBeforeAStopAreProcessedAfterTheRestart(Vertx vertx, VertxTestContext test) throws Exception {
    Path dataDir = TestDirectories.create("hub-restart");
    // embedded Redis in the data dir, as a newcomer runs it; the first hub only accepts
    HubConfig acceptOnly = TestHub.config(null, dataDir).withConsumeIngest(false);
    int contacts = 20;
    String tag = "restart" + System.nanoTime();
    TestHub.deploy(vertx, acceptOnly)
        .compose(first -> postMany(first, tag, contacts).compose(accepted -> {
          test.verify(() -> accepted.forEach(response -> assertEquals(202, response.statusCode())));
          return first.undeploy();
        }))
        .compose(v -> TestHub.deploy(vertx, TestHub.config(null, dataDir)))
        .compose(second -> Eventually.holds(vertx, 15_000, "every accepted contact is in the inbox",
                () -> messagesOf(second, tag).map(count -> count == contacts))
            .compose(v -> messagesOf(second, tag))
            .compose(count -> second.undeploy().map(count)))
        .onComplete(test.succeeding(count -> test.verify(() -> {
          assertEquals(contacts, count);
          test.completeNow();
        })));
  }

  @Test
  void twoHubsConsumingOneGroupFileEachContactOnce(Vertx vertx, VertxTestContext test) throws Exception {
    TestRedis redis = TestRedis.start();
    Path dataDir = TestDirectories.create("hub-pair");
    int contacts = 60;
    String tag = "pair" + System.nanoTime();
    TestHub.deploy(vertx, TestHub.config(redis.url(), dataDir)).compose(owner -> {
      // a hub of its own data dir: each hub keeps its own search index
      return deployPeer(vertx, redis).compose(peer ->
          Future.all(postMany(owner, tag + "a", contacts / 2), postMany(peer, tag + "b", contacts / 2))
              .compose(v -> Eventually.holds(vertx, 15_000, "both hubs' contacts are processed",
                  () -> Future.all(messagesOf(owner, tag + "a"), messagesOf(peer, tag + "b"))
                      .map(counts -> (int) counts.resultAt(0) + (int) counts.resultAt(1) == contacts)))
              .compose(v -> duplicateMessages(owner, tag))
              .compose(duplicates -> peer.undeploy().compose(x -> owner.undeploy()).map(duplicates)));
    }).onComplete(test.succeeding(duplicates -> test.verify(() -> {
      redis.close();
      assertEquals(0, duplicates);
      test.completeNow();
    })));
  }

  private static Future<TestHub> deployPeer(Vertx vertx, TestRedis redis) {
    try {
      return TestHub.deploy(vertx, TestHub.config(redis.url(), TestDirectories.create("hub-peer")));
    } catch (java.io.IOException e) {
      return Future.failedFuture(e);
    }
  }

  private static Future<List<HttpResponse<Buffer>>> postMany(TestHub hub, String tag, int count) {
    List<Future<HttpResponse<Buffer>>> posts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      posts.add(hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
          .sendJsonObject(TestHub.contact(tag + "-" + i, tag + "-" + (i % 5) + "@example.com", "message " + i)));
    }
    return Future.all(posts).map(all -> all.list());
  }

  /** Messages stored for the five customers of a tag. */
  private static Future<Integer> messagesOf(TestHub hub, String tag) {
    List<Future<Integer>> counts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      counts.add(hub.authorized(HttpMethod.GET, "/api/v1/customers?identity=email:" + tag + "-" + i + "@example.com")
          .send()
          .map(response -> {
            JsonArray items = response.bodyAsJsonObject().getJsonArray("items");
            if (items.isEmpty()) {
              return 0;
            }
            return items.getJsonObject(0).getJsonArray("conversations").stream()
                .mapToInt(c -> ((JsonObject) c).getInteger("messageCount")).sum();
          }));
    }
    return Future.all(counts).map(all -> all.<Integer>list().stream().mapToInt(Integer::intValue).sum());
  }

  private static Future<Integer> duplicateMessages(TestHub hub, String tag) {
    return hub.authorized(HttpMethod.GET, "/api/v1/conversations?limit=100").send().compose(page -> {
      List<Future<Integer>> duplicates = new ArrayList<>();
      for (Object item : page.bodyAsJsonObject().getJsonArray("items")) {
        String id = ((JsonObject) item).getString("id");
        duplicates.add(hub.authorized(HttpMethod.GET, "/api/v1/conversations/" + id).send().map(response -> {
          JsonArray messages = response.bodyAsJsonObject().getJsonArray("messages");
          long distinct = messages.stream().map(m -> ((JsonObject) m).getString("externalId")).distinct().count();
          assertTrue(messages.size() >= distinct);
          return (int) (messages.size() - distinct);
        }));
      }
      return Future.all(duplicates).map(all -> all.<Integer>list().stream().mapToInt(Integer::intValue).sum());
    });
  }
}
