package org.crmhub.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/**
 * Each hub keeps its own index, fed from the shared events stream: a message accepted by one hub
 * is found by a search on another, which is what lets more hubs answer more searches.
 */
class SearchAcrossHubsTest extends HubTestBase {

  private static Future<List<String>> found(TestHub on, String word) {
    return on.authorized(HttpMethod.GET, "/api/v1/search?q=" + word).send()
        .map(SearchAcrossHubsTest::messageIds);
  }

  private static List<String> messageIds(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject().getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("messageId")).toList();
  }

  @Test
  void aMessageAcceptedByOneHubIsFoundOnBoth(VertxTestContext test) throws Exception {
    String word = "acrosshubs" + Long.toString(System.nanoTime(), 36);
    Path secondDataDir = TestDirectories.create("hub-second");
    TestHub.deploy(vertx, TestHub.config(redis.url(), secondDataDir))
        .compose(second -> push(TestHub.contact("across-" + word, "cleo@example.com", "my parcel " + word + " is late"))
            .map(accepted -> accepted.bodyAsJsonObject().getString("contactId"))
            .compose(contactId -> Eventually.holds(vertx, 10_000, "both hubs find the message",
                    () -> Future.all(found(hub, word), found(second, word))
                        .map(both -> both.<List<String>>resultAt(0).size() == 1 && both.<List<String>>resultAt(1).size() == 1))
                .compose(v -> Future.all(found(hub, word), found(second, word)))
                .map(both -> {
                  test.verify(() -> assertEquals(both.<List<String>>resultAt(0), both.<List<String>>resultAt(1),
                      "the same message on each hub"));
                  return both;
                }))
            .eventually(second::undeploy))
        .onComplete(test.succeedingThenComplete());
  }
}
