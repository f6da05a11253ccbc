package org.crmhub.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.crmhub.hub.HubConfig;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisPerClass;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The search index across hub restarts: a restarted hub goes on from where its index stopped (it
 * re-adds nothing), and an index deleted or broken while the hub was stopped is rebuilt from Redis.
 */
@ExtendWith(VertxExtension.class)
class SearchIndexLifecycleTest {

  @RegisterExtension
  static final RedisPerClass redis = new RedisPerClass();

  private static String uniqueWord() {
    return "lc" + Long.toString(System.nanoTime(), 36);
  }

  private static Future<Void> pushAll(TestHub hub, String word, int count) {
    List<Future<?>> pushed = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pushed.add(hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
          .sendJsonObject(TestHub.contact(word + "-" + i, word + "@example.com", word + " message number " + i)));
    }
    return Future.all(pushed).mapEmpty();
  }

  private static Future<Integer> found(TestHub hub, String word) {
    return hub.authorized(HttpMethod.GET, "/api/v1/search?limit=100&q=" + word).send()
        .map(response -> response.bodyAsJsonObject().getJsonArray("items").size());
  }

  private static Future<Void> searchable(Vertx vertx, TestHub hub, String word, int count) {
    return Eventually.holds(vertx, 15_000, count + " messages found by " + word,
        () -> found(hub, word).map(n -> n == count));
  }

  /** Messages this hub wrote to its index since it started, from one source ({@code feed} or {@code rebuild}). */
  private static Future<Double> indexed(TestHub hub, String source) {
    Pattern sample = Pattern.compile("^crmhub_search_indexed_total\\{[^}]*source=\"" + source + "\"[^}]*\\} (\\S+)$",
        Pattern.MULTILINE);
    return hub.request(HttpMethod.GET, "/metrics").send().map(response -> {
      Matcher matcher = sample.matcher(response.bodyAsString());
      return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0.0;
    });
  }

  @Test
  void aRestartedHubGoesOnFromItsPositionAndAddsNothingTwice(Vertx vertx, VertxTestContext test) throws Exception {
    HubConfig config = TestHub.config(redis.url(), TestDirectories.create("search-restart"));
    String word = uniqueWord();
    TestHub.deploy(vertx, config)
        .compose(first -> pushAll(first, word, 3)
            .compose(v -> searchable(vertx, first, word, 3))
            .compose(v -> first.undeploy()))
        .compose(v -> TestHub.deploy(vertx, config))
        .compose(second -> pushAll(second, word + "new", 1)
            .compose(v -> searchable(vertx, second, word + "new", 1))
            .compose(v -> Future.all(found(second, word), indexed(second, "feed"), indexed(second, "rebuild")))
            .compose(all -> second.undeploy().map(all)))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          assertEquals(3, (int) all.resultAt(0), "the first hub's messages, once each");
          assertEquals(1.0, (double) all.resultAt(1), "only the new message is indexed after the restart");
          assertEquals(0.0, (double) all.resultAt(2), "no rebuild");
          test.completeNow();
        })));
  }

  @Test
  void anIndexDeletedWhileStoppedIsRebuiltFromRedis(Vertx vertx, VertxTestContext test) throws Exception {
    rebuiltAfter(vertx, test, SearchIndexLifecycleTest::delete);
  }

  @Test
  void aBrokenIndexIsRebuiltFromRedis(Vertx vertx, VertxTestContext test) throws Exception {
    rebuiltAfter(vertx, test, SearchIndexLifecycleTest::scramble);
  }

  @Test
  @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
  void aRebuiltIndexAnswersAsTheFedOneDidRepliesNotesAndChangesIncluded(Vertx vertx, VertxTestContext test)
      throws Exception {
    HubConfig config = TestHub.config(redis.url(), TestDirectories.create("search-same"));
    String word = uniqueWord();
    String[] fed = new String[1];
    TestHub.deploy(vertx, config)
        .compose(first -> pushAll(first, word, 2)
            .compose(v -> searchable(vertx, first, word, 2))
            .compose(v -> first.authorized(HttpMethod.GET, "/api/v1/search?q=" + word).send())
            .compose(found -> {
              var items = found.bodyAsJsonObject().getJsonArray("items");
              String conversationId = items.getJsonObject(0).getString("conversationId");
              // its messages and the note
              long changed = 1 + items.stream()
                  .filter(item -> conversationId.equals(((JsonObject) item).getString("conversationId"))).count();
              return first.authorized(HttpMethod.POST, "/api/v1/conversations/" + conversationId + "/notes")
                  .sendJsonObject(new JsonObject().put("text", word + " a note"))
                  .compose(v -> first.authorized(HttpMethod.PATCH, "/api/v1/conversations/" + conversationId)
                      .sendJsonObject(new JsonObject().put("status", "pending").put("assignee", "ann")
                          .put("tags", new io.vertx.core.json.JsonArray().add("vip"))))
                  .compose(v -> Eventually.holds(vertx, 15_000, "the note and the change are searchable",
                      () -> first.authorized(HttpMethod.GET, "/api/v1/search?status=pending&tag=vip&q=" + word).send()
                          .map(response -> response.bodyAsJsonObject().getJsonArray("items").size() == changed)));
            })
            .compose(v -> answers(first, word))
            .compose(answers -> {
              fed[0] = answers;
              return first.undeploy();
            }))
        .compose(v -> vertx.executeBlocking(() -> {
          delete(config.searchDir());
          return null;
        }))
        .compose(v -> TestHub.deploy(vertx, config))
        .compose(second -> searchable(vertx, second, word, 3)
            .compose(v -> answers(second, word))
            .compose(rebuilt -> second.undeploy().map(rebuilt)))
        .onComplete(test.succeeding(rebuilt -> test.verify(() -> {
          assertEquals(fed[0], rebuilt);
          test.completeNow();
        })));
  }

  /** What a few searches answer, as one text to compare. */
  private static Future<String> answers(TestHub hub, String word) {
    List<Future<String>> answers = new ArrayList<>();
    for (String filters : List.of("", "&author=staff", "&kind=message", "&status=pending", "&assignee=ann",
        "&tag=vip", "&status=open", "&sentiment=neutral")) {
      answers.add(hub.authorized(HttpMethod.GET, "/api/v1/search?limit=100&q=" + word + filters).send()
          .map(response -> filters + " " + response.bodyAsString()));
    }
    return Future.all(answers).map(all -> String.join("\n", answers.stream().map(Future::result).toList()));
  }

  @Test
  void anIndexOfAnOlderSchemaIsRebuilt(Vertx vertx, VertxTestContext test) throws Exception {
    rebuiltAfter(vertx, test, SearchIndexLifecycleTest::markAsFirstSchema);
  }

  /** Commits the index again with the position alone in its user data, as the first schema did. */
  private static void markAsFirstSchema(Path folder) throws IOException {
    try (org.apache.lucene.store.FSDirectory directory = org.apache.lucene.store.FSDirectory.open(folder);
        org.apache.lucene.index.IndexWriter writer = new org.apache.lucene.index.IndexWriter(directory,
            new org.apache.lucene.index.IndexWriterConfig())) {
      String position = writer.getLiveCommitData().iterator().next().getValue();
      java.util.Map<String, String> first = java.util.Map.of("crmhub.events.position", position);
      writer.setLiveCommitData(first.entrySet());
      writer.deleteAll();
      writer.commit();
    }
  }

  private interface Damage {
    void apply(Path folder) throws IOException;
  }

  private static void rebuiltAfter(Vertx vertx, VertxTestContext test, Damage damage) throws IOException {
    Path dataDir = TestDirectories.create("search-rebuild");
    HubConfig config = TestHub.config(redis.url(), dataDir);
    String word = uniqueWord();
    TestHub.deploy(vertx, config)
        .compose(first -> pushAll(first, word, 4)
            .compose(v -> searchable(vertx, first, word, 4))
            .compose(v -> first.undeploy()))
        .compose(v -> vertx.executeBlocking(() -> {
          damage.apply(config.searchDir());
          return null;
        }))
        .compose(v -> TestHub.deploy(vertx, config))
        .compose(second -> searchable(vertx, second, word, 4)
            .compose(v -> indexed(second, "rebuild"))
            .compose(rebuilt -> second.undeploy().map(rebuilt)))
        .onComplete(test.succeeding(rebuilt -> test.verify(() -> {
          assertEquals(true, rebuilt >= 4, "rebuilt from Redis: " + rebuilt);
          test.completeNow();
        })));
  }

  private static void delete(Path folder) throws IOException {
    try (Stream<Path> inside = Files.walk(folder)) {
      for (Path path : inside.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Overwrites every index file with bytes Lucene cannot read. */
  private static void scramble(Path folder) throws IOException {
    try (Stream<Path> inside = Files.list(folder)) {
      for (Path file : inside.filter(path -> !path.getFileName().toString().equals("write.lock")).toList()) {
        Files.write(file, "not a Lucene file".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }
}
