package org.crmhub.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisPerClass;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code search-index --rebuild} against a real Redis: it refuses while a hub holds the index, and
 * rebuilds a stopped hub's deleted index, which the hub then uses as it is (no rebuild of its own).
 */
// several hub starts each: on a busy machine one start alone has taken over 10 s
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
@ExtendWith(VertxExtension.class)
class SearchIndexCommandTest {

  @RegisterExtension
  static final RedisPerClass redis = new RedisPerClass();

  /** What one run of the command printed, and its exit code. */
  record Run(int exitCode, String out, String err) {}

  private static Run command(Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SearchIndexCommand.run(List.of(args), environment,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Future<Integer> found(TestHub hub, String word) {
    return hub.authorized(HttpMethod.GET, "/api/v1/search?limit=100&q=" + word).send()
        .map(response -> response.bodyAsJsonObject().getJsonArray("items").size());
  }

  private static Future<Double> rebuiltByTheHub(TestHub hub) {
    Pattern sample = Pattern.compile("^crmhub_search_indexed_total\\{[^}]*source=\"rebuild\"[^}]*\\} (\\S+)$",
        Pattern.MULTILINE);
    return hub.request(HttpMethod.GET, "/metrics").send().map(response -> {
      Matcher matcher = sample.matcher(response.bodyAsString());
      return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0.0;
    });
  }

  private static void delete(Path folder) throws IOException {
    try (Stream<Path> inside = Files.walk(folder)) {
      for (Path path : inside.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @Test
  void refusesWhileAHubRunsAndRebuildsAStoppedHubsIndex(Vertx vertx, VertxTestContext test) throws Exception {
    Path dataDir = TestDirectories.create("search-command");
    HubConfig config = TestHub.config(redis.url(), dataDir);
    Map<String, String> environment = Map.of("REDIS_URL", redis.url(), "CRMHUB_DATA_DIR", dataDir.toString());
    String word = "cmd" + Long.toString(System.nanoTime(), 36);
    List<Run> runs = new ArrayList<>();
    TestHub.deploy(vertx, config)
        .compose(hub -> {
          List<Future<?>> pushed = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            pushed.add(hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
                .sendJsonObject(TestHub.contact(word + i, word + i + "@example.com", word + " order " + i)));
          }
          return Future.all(pushed)
              .compose(v -> Eventually.holds(vertx, 15_000, "3 messages searchable",
                  () -> found(hub, word).map(n -> n == 3)))
              .compose(v -> vertx.executeBlocking(() -> runs.add(command(environment, "--rebuild"))))
              .compose(v -> found(hub, word))
              .compose(stillFound -> {
                test.verify(() -> assertEquals(3, stillFound, "the running hub's index is untouched"));
                return hub.undeploy();
              });
        })
        .compose(v -> vertx.executeBlocking(() -> {
          delete(config.searchDir());
          runs.add(command(environment, "--rebuild"));
          runs.add(command(environment, "--rebuild", "--now"));
          return null;
        }))
        .compose(v -> TestHub.deploy(vertx, config))
        .compose(hub -> Future.all(found(hub, word), rebuiltByTheHub(hub),
                hub.authorized(HttpMethod.GET, "/api/v1/search/index").send())
            .compose(all -> hub.undeploy().map(all)))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          Run refused = runs.get(0);
          assertEquals(1, refused.exitCode(), refused.toString());
          assertTrue(refused.err().contains("open in a running hub: stop that hub first"), refused.err());
          Run rebuilt = runs.get(1);
          assertEquals(0, rebuilt.exitCode(), rebuilt.toString());
          assertTrue(rebuilt.out().contains(" 3 messages indexed in "), rebuilt.out());
          Run usage = runs.get(2);
          assertEquals(2, usage.exitCode(), usage.toString());
          assertTrue(usage.err().contains("usage: search-index --rebuild"), usage.err());
          assertEquals(3, (int) all.resultAt(0), "the rebuilt index is searched");
          assertEquals(0.0, (double) all.resultAt(1), "the hub used the command's index, it did not rebuild");
          io.vertx.core.json.JsonObject state = ((io.vertx.ext.web.client.HttpResponse<?>) all.resultAt(2))
              .bodyAsJsonObject();
          assertEquals(3, state.getLong("documents"), state.encode());
          assertTrue(state.getJsonObject("lastRebuild") != null, state.encode());
          test.completeNow();
        })));
  }
}
