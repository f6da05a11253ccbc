package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.sentiment.learning.TrainingExamples;
import org.crmhub.hub.sentiment.learning.TrainingExamples.TrainingExample;
import org.crmhub.hub.testing.Eventually;
import org.junit.jupiter.api.Test;

/**
 * What admins do with the learned sentiment model through the API: see its state, retrain it on
 * demand, import labelled texts from CSV (refused whole, naming the row, when a row is bad). The
 * tests share one Redis, so counts are compared with what was there before each.
 */
class SentimentModelAdminTest extends HubTestBase {

  private static final String MODEL = "/api/v1/sentiment/model";
  private static final String RETRAIN = "/api/v1/sentiment/model/retrain";
  private static final String IMPORT = "/api/v1/sentiment/corrections/import";

  private <T> Future<T> withRedis(Function<Redis, Future<T>> use) {
    return Redis.connect(vertx, redis.url()).compose(connection -> use.apply(connection)
        .eventually(connection::shutdown));
  }

  private Future<Long> recorded() {
    return withRedis(connection -> new TrainingExamples(connection).recorded());
  }

  private Future<JsonObject> model() {
    return getJson(MODEL);
  }

  private Future<HttpResponse<Buffer>> importCsv(String csv) {
    return hub.authorized(HttpMethod.POST, IMPORT).putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(csv));
  }

  /** Waits until a model newer than {@code version} is stored and no hub is training. */
  private Future<JsonObject> newerThan(long version) {
    return Eventually.holds(vertx, 30_000, "a model newer than version " + version + " is stored",
            () -> model().map(status -> status.getLong("version") > version && !status.getBoolean("trainingInProgress")))
        .compose(v -> model());
  }

  /** {@code count} rows, different each call: complaints about lost luggage and thanks. */
  private static String rows(int count) {
    String run = UUID.randomUUID().toString().substring(0, 6);
    StringBuilder csv = new StringBuilder("label,text\n");
    for (int i = 0; i < count; i++) {
      csv.append(i % 3 == 0
          ? "positive,\"thanks, the crew of flight " + run + "-" + i + " were lovely\"\n"
          : "negative,\"what's a good number to call about my luggage, run " + run + " bag " + i + "\"\n");
    }
    return csv.toString();
  }

  @Test
  void theModelAndItsRetrainingAndImportNeedTheAdminScope(VertxTestContext test) {
    Future<String> writeKey = hub.authorized(HttpMethod.POST, "/api/v1/api-keys")
        .sendJsonObject(new JsonObject().put("name", "agents' tool").put("scopes", new JsonArray().add("write").add("read")))
        .map(response -> response.bodyAsJsonObject().getString("key"));
    Future<Long> before = recorded();
    Future.all(writeKey, before).compose(ready -> Future.all(
            hub.request(HttpMethod.GET, MODEL).bearerTokenAuthentication(writeKey.result()).send(),
            hub.request(HttpMethod.POST, RETRAIN).bearerTokenAuthentication(writeKey.result()).send(),
            hub.request(HttpMethod.POST, IMPORT).bearerTokenAuthentication(writeKey.result())
                .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(rows(3)))))
        .compose(refused -> recorded().map(after -> {
          test.verify(() -> {
            for (int i = 0; i < 3; i++) {
              assertProblem(refused.resultAt(i), 403);
            }
            assertEquals(before.result(), after, "nothing imported");
          });
          return after;
        }))
        .onComplete(test.succeeding(after -> test.completeNow()));
  }

  @Test
  void anAdminRetrainsOnDemandBelowTheThreshold(VertxTestContext test) {
    model().compose(before -> importCsv(rows(3))
            .compose(imported -> hub.authorized(HttpMethod.POST, RETRAIN).send())
            .compose(accepted -> newerThan(before.getLong("version")).map(after -> {
              test.verify(() -> {
                assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
                assertEquals(20, accepted.bodyAsJsonObject().getInteger("retrainThreshold"));
                assertEquals(before.getLong("version") + 1, after.getLong("version"), after.encode());
                assertEquals(0, after.getLong("correctionsSinceTraining"), after.encode());
                assertEquals(after.getLong("version"), after.getLong("loadedVersion"));
              });
              return after;
            })))
        .onComplete(test.succeeding(after -> test.completeNow()));
  }

  @Test
  void aCsvWithABadRowIsRefusedWholeNamingTheRow(VertxTestContext test) {
    String csv = "label,text\nnegative,lost my bag\npositive,\"thanks, lovely crew\"\nfurious,where is my bag\n";
    recorded().compose(before -> Future.all(importCsv(csv),
            importCsv("sentiment,message\n"),
            hub.authorized(HttpMethod.POST, IMPORT).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{\"label\": \"negative\"}")))
        .compose(answers -> recorded().map(after -> {
          test.verify(() -> {
            HttpResponse<Buffer> badRow = answers.resultAt(0);
            assertProblem(badRow, 400);
            String detail = badRow.bodyAsJsonObject().getString("detail");
            assertTrue(detail.contains("row 3") && detail.contains("furious"), detail);
            HttpResponse<Buffer> badHeader = answers.resultAt(1);
            assertProblem(badHeader, 400);
            assertTrue(badHeader.bodyAsJsonObject().getString("detail").contains("label and text"),
                badHeader.bodyAsString());
            assertProblem(answers.resultAt(2), 415);
            assertEquals(before, after, "nothing of a refused file is recorded");
          });
          return after;
        })))
        .onComplete(test.succeeding(after -> test.completeNow()));
  }

  @Test
  void importedTextsCountTowardsTheThresholdAndTrainAModelJudgedOnAHeldOutTenth(VertxTestContext test) {
    Future<JsonObject> before = model();
    Future<Long> recordedBefore = before.compose(status -> recorded());
    recordedBefore
        .compose(length -> importCsv(rows(150)))
        .compose(imported -> recorded().compose(length -> newerThan(before.result().getLong("version"))
            .compose(after -> withRedis(connection -> new TrainingExamples(connection).current()).map(current -> {
              test.verify(() -> {
                assertEquals(200, imported.statusCode(), imported.bodyAsString());
                assertEquals(150, imported.bodyAsJsonObject().getInteger("imported"));
                assertEquals(recordedBefore.result() + 150, length, "each row recorded as a correction");
                List<TrainingExample> imports = current.stream()
                    .filter(example -> TrainingExamples.IMPORT_ACTOR.equals(example.actor())).toList();
                assertTrue(imports.size() >= 150, imports.size() + " imported examples");

                assertEquals(current.size(), after.getInteger("correctionsUsed"), after.encode());
                assertEquals(0, after.getLong("correctionsSinceTraining"), after.encode());
                JsonObject perLabel = after.getJsonObject("correctionsPerLabel");
                assertEquals(current.size(), perLabel.getInteger("negative") + perLabel.getInteger("neutral")
                    + perLabel.getInteger("positive"));
                assertTrue(after.getInteger("heldOut") >= 10, after.encode());
                Double accuracy = after.getDouble("heldOutAccuracy");
                assertNotNull(accuracy, after.encode());
                assertTrue(accuracy > 0.8 && accuracy <= 1, after.encode());
                assertFalse(after.getBoolean("trainingInProgress"));
              });
              return after;
            }))))
        .onComplete(test.succeeding(after -> test.completeNow()));
  }
}
