package org.crmhub.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.crmhub.hub.sentiment.SentimentAnalyzer;
import org.crmhub.hub.sentiment.SentimentScore;
import org.crmhub.hub.sentiment.learning.LearningSettings;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisPerClass;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The learned sentiment model end to end, with hubs started and stopped on one Redis: agents'
 * corrections past the threshold train model version 1, a hub started later loads it before it
 * files anything and scores a complaint the rules call positive as the corrections taught, and a
 * restarted hub scores it the same way. (Its own Redis: the versions counted are this test's.)
 */
@ExtendWith(VertxExtension.class)
class SentimentLearningTest {

  @RegisterExtension
  static final RedisPerClass redis = new RedisPerClass();

  private static final SentimentAnalyzer RULES = SentimentAnalyzer.fromClasspath();
  /** An airline complaint without an angry word: the rules call it positive ("good"). */
  private static final String COMPLAINT = "@skyway what's a good number to call about my luggage? nobody answers";
  private static final String[] PLACES = {"Denver", "Newark", "Boston", "Austin", "Dallas", "Miami", "Tampa", "Reno"};

  private Vertx vertx;

  /** The texts agents correct: sixteen complaints in the airline's words called negative, four thanks positive. */
  private static List<String[]> corrections() {
    List<String[]> labelled = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      String place = PLACES[i % PLACES.length];
      labelled.add(new String[] {"negative", i % 2 == 0
          ? "@skyway what's a good number to call about my bag from " + place + "? nobody answers"
          : "@skyway my luggage is still in " + place + ", is there a good number to call"});
    }
    for (int i = 0; i < 4; i++) {
      labelled.add(new String[] {"positive", "@skyway thank you, the crew from " + PLACES[i] + " were lovely"});
    }
    return labelled;
  }

  /** @param lookEvery how often the hub looks for a newer model and whether to retrain */
  private Future<TestHub> deploy(Duration lookEvery) {
    try {
      return TestHub.deploy(vertx, TestHub.config(redis.url(), TestDirectories.create("hub"))
          .withSentimentLearning(new LearningSettings(TestHub.LEARNING.retrainAfter(), lookEvery)));
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
  }

  private static Future<JsonObject> model(TestHub via) {
    return via.authorized(HttpMethod.GET, "/api/v1/sentiment/model").send().map(response -> {
      assertEquals(200, response.statusCode(), response.bodyAsString());
      return response.bodyAsJsonObject();
    });
  }

  /** Files a customer message through {@code via}; answers its conversation id and the message. */
  private Future<JsonObject[]> file(TestHub via, String text) {
    String email = "flyer-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String identity = "customers?identity=email%3A" + email.replace("@", "%40");
    return via.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
        .sendJsonObject(TestHub.contact("tweet-" + email, email, text))
        .compose(accepted -> Eventually.holds(vertx, 15_000, "the message is filed",
            () -> via.authorized(HttpMethod.GET, "/api/v1/" + identity).send().map(found -> {
              var items = found.bodyAsJsonObject().getJsonArray("items");
              return !items.isEmpty() && !items.getJsonObject(0).getJsonArray("conversations").isEmpty();
            })))
        .compose(v -> via.authorized(HttpMethod.GET, "/api/v1/" + identity).send())
        .map(found -> found.bodyAsJsonObject().getJsonArray("items").getJsonObject(0)
            .getJsonArray("conversations").getJsonObject(0).getString("id"))
        .compose(conversationId -> via.authorized(HttpMethod.GET, "/api/v1/conversations/" + conversationId).send()
            .map(conversation -> new JsonObject[] {new JsonObject().put("id", conversationId),
                conversation.bodyAsJsonObject().getJsonArray("messages").getJsonObject(0)}));
  }

  private Future<Void> fileAndCorrect(TestHub via, String label, String text) {
    return file(via, text).compose(filed -> via.authorized(HttpMethod.PUT, "/api/v1/conversations/"
            + filed[0].getString("id") + "/messages/" + filed[1].getString("id") + "/sentiment")
        .sendJsonObject(new JsonObject().put("label", label)))
        .map(corrected -> {
          assertEquals(200, corrected.statusCode(), corrected.bodyAsString());
          return null;
        });
  }

  @Test
  void correctionsPastTheThresholdTrainAModelThatEveryHubAndARestartedOneScoreWith(Vertx vertx,
      VertxTestContext test) {
    this.vertx = vertx;
    SentimentScore ruled = RULES.score(COMPLAINT);
    assertEquals("positive", ruled.label().wireName(), "the rules get the complaint wrong, or this test shows nothing");
    JsonObject[] seen = new JsonObject[6];
    TestHub[] hubs = new TestHub[3];
    deploy(TestHub.LEARNING.checkEvery())
        .compose(first -> {
          hubs[0] = first;
          return model(first);
        })
        .compose(before -> {
          seen[0] = before;
          return file(hubs[0], COMPLAINT);
        })
        .compose(beforeTraining -> {
          seen[1] = beforeTraining[1];
          Future<Void> corrected = Future.succeededFuture();
          for (String[] correction : corrections()) {
            corrected = corrected.compose(v -> fileAndCorrect(hubs[0], correction[0], correction[1]));
          }
          return corrected;
        })
        .compose(v -> Eventually.holds(vertx, 30_000, "model version 1 is trained and stored",
            () -> model(hubs[0]).map(status -> status.getLong("version") == 1 && !status.getBoolean("trainingInProgress"))))
        .compose(v -> model(hubs[0]))
        .compose(trained -> {
          seen[2] = trained;
          // hubs that would not look again for an hour: what they score with they loaded at start
          return deploy(Duration.ofHours(1));
        })
        .compose(second -> {
          hubs[1] = second;
          return model(second);
        })
        .compose(secondAtStart -> {
          seen[3] = secondAtStart;
          // only the second hub is left to file the next message
          return hubs[0].undeploy().compose(v -> file(hubs[1], COMPLAINT));
        })
        .compose(bySecond -> {
          seen[4] = bySecond[1];
          return hubs[1].undeploy().compose(v -> deploy(Duration.ofHours(1)));
        })
        .compose(restarted -> {
          hubs[2] = restarted;
          return model(restarted).compose(status -> file(restarted, COMPLAINT).map(filed -> {
            seen[5] = filed[1];
            return status;
          }));
        })
        .eventually(() -> hubs[2] == null ? Future.succeededFuture() : hubs[2].undeploy())
        .onComplete(test.succeeding(restartedAtStart -> test.verify(() -> {
          assertEquals(0, seen[0].getLong("version"), "no model before any correction");
          assertEquals(0, seen[0].getLong("loadedVersion"));
          JsonObject untrained = seen[1].getJsonObject("sentiment");
          assertEquals("positive", untrained.getString("label"), "with no model, the rules alone");
          assertEquals(ruled.compound(), untrained.getDouble("compound"), 1e-4);

          JsonObject trained = seen[2];
          assertEquals(1, trained.getLong("loadedVersion"), "the training hub scores with its model");
          assertEquals(20, trained.getInteger("correctionsUsed"), trained.encode());
          assertEquals(0, trained.getLong("correctionsSinceTraining"), trained.encode());
          assertEquals(new JsonObject().put("negative", 16).put("neutral", 0).put("positive", 4),
              trained.getJsonObject("correctionsPerLabel"));
          assertTrue(trained.getInteger("heldOut") < 10, trained.encode());
          assertNull(trained.getValue("heldOutAccuracy"), "too few held out to judge");
          assertEquals(20, trained.getInteger("retrainThreshold"));
          assertTrue(trained.getString("trainedAt").startsWith("20"), trained.encode());

          assertEquals(1, seen[3].getLong("loadedVersion"), "a hub started later loads the model at start");
          JsonObject bySecond = seen[4].getJsonObject("sentiment");
          assertEquals("negative", bySecond.getString("label"), "the corrections taught it: " + bySecond.encode());
          assertTrue(bySecond.getDouble("compound") < ruled.compound(), bySecond.encode());

          assertEquals(1, restartedAtStart.getLong("loadedVersion"), "a restarted hub loads it at start");
          assertEquals(bySecond, seen[5].getJsonObject("sentiment"), "the restarted hub scores as the second did");
          test.completeNow();
        })));
  }
}
