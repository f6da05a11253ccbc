package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.store.FSDirectory;
import org.crmhub.hub.HubConfig;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisPerClass;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An admin asks every hub to rebuild its search index: a hub whose index lost a message behind its
 * back (while it was stopped) finds it again after a rebuild asked for on another hub, and its index
 * state says so. Only the admin scope may see the state or ask.
 */
// several hub starts each: on a busy machine one start alone has taken over 10 s
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
@ExtendWith(VertxExtension.class)
class SearchIndexRebuildTest {

  private static final String INDEX = "/api/v1/search/index";
  private static final String REBUILD = "/api/v1/search/index/rebuild";

  @RegisterExtension
  static final RedisPerClass redis = new RedisPerClass();

  private static String uniqueWord() {
    return "rb" + Long.toString(System.nanoTime(), 36);
  }

  private static Future<Void> pushAll(TestHub hub, String word, int count) {
    List<Future<?>> pushed = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pushed.add(hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
          .sendJsonObject(TestHub.contact(word + "-" + i, word + i + "@example.com", word + " message number " + i)));
    }
    return Future.all(pushed).mapEmpty();
  }

  private static Future<JsonArray> found(TestHub hub, String word) {
    return hub.authorized(HttpMethod.GET, "/api/v1/search?limit=100&q=" + word).send()
        .map(response -> response.bodyAsJsonObject().getJsonArray("items"));
  }

  private static Future<Void> searchable(Vertx vertx, TestHub hub, String word, int count) {
    return Eventually.holds(vertx, 15_000, count + " messages found by " + word,
        () -> found(hub, word).map(items -> items.size() == count));
  }

  private static Future<JsonObject> state(TestHub hub) {
    return hub.authorized(HttpMethod.GET, INDEX).send().map(response -> {
      assertEquals(200, response.statusCode(), response.bodyAsString());
      return response.bodyAsJsonObject();
    });
  }

  /** Deletes one message from a stopped hub's index, as damage the hub cannot know about. */
  private static void forget(Path searchDir, String messageId) throws java.io.IOException {
    try (FSDirectory directory = FSDirectory.open(searchDir);
        IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer())
            .setOpenMode(IndexWriterConfig.OpenMode.APPEND)
            .setIndexSort(new Sort(new SortField("at", SortField.Type.LONG, true),
                new SortField("messageId", SortField.Type.STRING))))) {
      writer.deleteDocuments(new Term("messageId", messageId));
      writer.commit();
    }
  }

  @Test
  void aRebuildAskedOnOneHubBringsBackWhatAnotherHubsIndexLost(Vertx vertx, VertxTestContext test) throws Exception {
    HubConfig first = TestHub.config(redis.url(), TestDirectories.create("search-rebuild-a"));
    HubConfig second = TestHub.config(redis.url(), TestDirectories.create("search-rebuild-b"));
    String word = uniqueWord();
    List<TestHub> running = new ArrayList<>();
    Future<JsonObject> asked = TestHub.deploy(vertx, first)
        .compose(a -> TestHub.deploy(vertx, second).map(b -> {
          running.add(a);
          running.add(b);
          return null;
        }))
        .compose(v -> pushAll(running.get(0), word, 3))
        .compose(v -> searchable(vertx, running.get(0), word, 3))
        .compose(v -> searchable(vertx, running.get(1), word, 3))
        .compose(v -> found(running.get(0), word))
        .compose(items -> running.remove(0).undeploy().map(items.getJsonObject(0).getString("messageId")))
        .compose(lost -> vertx.executeBlocking(() -> {
          forget(first.searchDir(), lost);
          return null;
        }))
        .compose(v -> TestHub.deploy(vertx, first))
        .compose(restarted -> {
          running.add(0, restarted);
          return found(restarted, word);
        })
        .compose(items -> {
          test.verify(() -> assertEquals(2, items.size(), "the message deleted behind the hub's back is gone"));
          return running.get(1).authorized(HttpMethod.POST, REBUILD).send();
        })
        .map(response -> {
          test.verify(() -> assertEquals(202, response.statusCode(), response.bodyAsString()));
          return response.bodyAsJsonObject();
        });
    asked.compose(answer -> Eventually.holds(vertx, 20_000, "the other hub rebuilt its index",
                () -> state(running.get(0)).map(state -> state.getLong("generation") >= answer.getLong("requestedGeneration")
                    && !state.getBoolean("rebuilding")))
            .compose(v -> Future.all(found(running.get(0), word), state(running.get(0)), state(running.get(1)))))
        .eventually(() -> Future.all(running.stream().map(TestHub::undeploy).toList()))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          assertEquals(3, ((JsonArray) all.resultAt(0)).size(), "the lost message is found again");
          JsonObject restarted = all.resultAt(1);
          assertTrue(restarted.getLong("documents") >= 3, restarted.encode());
          assertEquals(restarted.getLong("requestedGeneration"), restarted.getLong("generation"), restarted.encode());
          assertTrue(restarted.getJsonObject("lastRebuild").getLong("durationMs") >= 0, restarted.encode());
          assertTrue(restarted.getString("position") != null, restarted.encode());
          JsonObject asking = all.resultAt(2);
          assertEquals(asked.result().getLong("requestedGeneration"), asking.getLong("requestedGeneration"));
          test.completeNow();
        })));
  }

  @Test
  void theIndexStateAndTheRebuildNeedTheAdminScope(Vertx vertx, VertxTestContext test) throws Exception {
    HubConfig config = TestHub.config(redis.url(), TestDirectories.create("search-rebuild-scope"));
    TestHub.deploy(vertx, config).compose(hub -> {
      Future<String> agentKey = hub.authorized(HttpMethod.POST, "/api/v1/api-keys")
          .sendJsonObject(new JsonObject().put("name", "agents' tool")
              .put("scopes", new JsonArray().add("write").add("read")))
          .map(response -> response.bodyAsJsonObject().getString("key"));
      return Future.all(agentKey, state(hub))
          .compose(ready -> Future.all(
              hub.request(HttpMethod.GET, INDEX).bearerTokenAuthentication(agentKey.result()).send(),
              hub.request(HttpMethod.POST, REBUILD).bearerTokenAuthentication(agentKey.result()).send(),
              state(hub))
              .map(refused -> {
                test.verify(() -> {
                  assertProblem(refused.resultAt(0), 403);
                  assertProblem(refused.resultAt(1), 403);
                  JsonObject before = ready.resultAt(1);
                  JsonObject after = refused.resultAt(2);
                  assertEquals(before.getLong("requestedGeneration"), after.getLong("requestedGeneration"),
                      "no rebuild was asked for");
                });
                return null;
              }))
          .eventually(hub::undeploy);
    }).onComplete(test.succeedingThenComplete());
  }
}
