package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.StreamEntry;
import org.crmhub.hub.redis.Streams;
import org.crmhub.hub.sentiment.SentimentLabel;
import org.crmhub.hub.sentiment.learning.TrainingExamples;
import org.crmhub.hub.sentiment.learning.TrainingExamples.TrainingExample;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/**
 * Agents correcting a customer message's sentiment through the API: every view (the message,
 * the conversation's sentiment, the inbox's sentiment filter, the customer's trend, the training
 * examples, the event) reflects it at once, undo restores the analyser's label, and agents
 * correcting one message at once end consistent.
 */
class SentimentCorrectionTest extends HubTestBase {

  private static final List<String> LABELS = List.of("negative", "neutral", "positive");

  /** A filed customer message. */
  private record Filed(String conversationId, String messageId, String identity, JsonObject message) {

    String path() {
      return "/api/v1/conversations/" + conversationId + "/messages/" + messageId + "/sentiment";
    }
  }

  /** What every view says about the message now. */
  private record Views(JsonObject sentiment, JsonObject conversationSentiment, List<String> listedUnder,
      List<JsonObject> points, JsonObject trend, List<TrainingExample> examples) {}

  private Future<Filed> file(String text) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String email = "mood-" + tag + "@example.com";
    return pushAndWait(TestHub.contact("mood-" + tag, email, text), "email:" + email)
        .compose(customer -> getJson("/api/v1/conversations/"
            + customer.getJsonArray("conversations").getJsonObject(0).getString("id")))
        .map(conversation -> {
          JsonObject message = conversation.getJsonArray("messages").getJsonObject(0);
          return new Filed(conversation.getString("id"), message.getString("id"), "email:" + email, message);
        });
  }

  /** A message the analyser leaves unscored (not English): no sentiment point to wait for. */
  private Future<Filed> fileUnscored(String text) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String email = "humeur-" + tag + "@example.com";
    return push(TestHub.contact("humeur-" + tag, email, text))
        .compose(accepted -> Eventually.holds(vertx, 10_000, "the message is filed", () -> customerOf("email:" + email)
            .map(customer -> customer != null && !customer.getJsonArray("conversations").isEmpty())))
        .compose(v -> customerOf("email:" + email))
        .compose(customer -> getJson("/api/v1/conversations/"
            + customer.getJsonArray("conversations").getJsonObject(0).getString("id")))
        .map(conversation -> {
          JsonObject message = conversation.getJsonArray("messages").getJsonObject(0);
          return new Filed(conversation.getString("id"), message.getString("id"), "email:" + email, message);
        });
  }

  private Future<HttpResponse<Buffer>> correct(Filed filed, String label) {
    return correct(hub, filed, label);
  }

  private static Future<HttpResponse<Buffer>> correct(TestHub via, Filed filed, String label) {
    return via.authorized(HttpMethod.PUT, filed.path()).sendJsonObject(new JsonObject().put("label", label));
  }

  private Future<HttpResponse<Buffer>> undo(Filed filed) {
    return undo(hub, filed);
  }

  private static Future<HttpResponse<Buffer>> undo(TestHub via, Filed filed) {
    return via.authorized(HttpMethod.DELETE, filed.path()).send();
  }

  private <T> Future<T> withRedis(Function<Redis, Future<T>> use) {
    return Redis.connect(vertx, redis.url()).compose(connection -> use.apply(connection)
        .eventually(connection::shutdown));
  }

  private Future<Views> views(Filed filed) {
    Future<JsonObject> conversation = getJson("/api/v1/conversations/" + filed.conversationId());
    List<Future<String>> listed = LABELS.stream()
        .map(label -> getJson("/api/v1/conversations?sentiment=" + label + "&limit=100").map(page -> page
            .getJsonArray("items").stream()
            .anyMatch(item -> filed.conversationId().equals(((JsonObject) item).getString("id"))) ? label : null))
        .toList();
    Future<JsonObject> customer = customerOf(filed.identity());
    Future<List<TrainingExample>> examples = withRedis(redis -> new TrainingExamples(redis).current())
        .map(all -> all.stream().filter(example -> example.messageId().equals(filed.messageId())).toList());
    return Future.all(List.of(conversation, Future.all(listed), customer, examples)).map(done -> {
      JsonObject message = conversation.result().getJsonArray("messages").stream().map(JsonObject.class::cast)
          .filter(each -> filed.messageId().equals(each.getString("id"))).findFirst().orElseThrow();
      JsonObject trend = customer.result().getJsonObject("sentimentTrend");
      List<JsonObject> points = trend.getJsonArray("points").stream().map(JsonObject.class::cast)
          .filter(point -> filed.messageId().equals(point.getString("messageId"))).toList();
      return new Views(message.getJsonObject("sentiment"), conversation.result().getJsonObject("sentiment"),
          listed.stream().map(Future::result).filter(label -> label != null).toList(), points, trend,
          examples.result());
    });
  }

  private Future<List<JsonObject>> correctionEvents(Filed filed) {
    return withRedis(redis -> Streams.oldest(redis, DomainEvents.STREAM, 100_000))
        .map(entries -> entries.stream()
            .filter(entry -> "message.sentiment_corrected".equals(entry.field("type")))
            .map(StreamEntry::fields).map(fields -> new JsonObject(fields.get("data")))
            .filter(data -> filed.messageId().equals(data.getString("messageId")))
            .toList());
  }

  @Test
  void aCorrectionShowsEverywhereAtOnceAndUndoRestoresTheAnalysersLabel(VertxTestContext test) {
    file("Thanks, that fixed it, you are great!").compose(filed -> {
      double analysed = filed.message().getJsonObject("sentiment").getDouble("compound");
      return views(filed).compose(before -> correct(filed, "negative")
          .compose(corrected -> views(filed).compose(after -> undo(filed)
              .compose(undone -> views(filed).compose(restored -> correctionEvents(filed).map(events -> {
                test.verify(() -> {
                  assertEquals("positive", before.sentiment().getString("label"), "the analyser's label");
                  assertEquals(List.of("positive"), before.listedUnder());

                  assertEquals(200, corrected.statusCode(), corrected.bodyAsString());
                  JsonObject answer = corrected.bodyAsJsonObject();
                  assertEquals("negative", answer.getString("label"));
                  assertEquals(true, answer.getBoolean("corrected"));
                  assertTrue(answer.getString("correctedBy").startsWith("api-key:"), answer.encode());
                  assertTrue(Duration.between(Instant.parse(answer.getString("correctedAt")), Instant.now())
                      .abs().toMinutes() < 5, answer.encode());
                  assertEquals("positive", answer.getJsonObject("original").getString("label"));
                  assertEquals(analysed, answer.getJsonObject("original").getDouble("compound"));
                  assertEquals(-0.5, answer.getDouble("compound"), "a positive score corrected to negative counts as -0.5");

                  assertEquals(answer, after.sentiment(), "the conversation's message says the same");
                  assertEquals("negative", after.conversationSentiment().getString("label"));
                  assertEquals(-0.5, after.conversationSentiment().getDouble("compound"));
                  assertEquals(List.of("negative"), after.listedUnder(), "the inbox filter moved it");
                  assertEquals(1, after.points().size(), after.trend().encode());
                  assertEquals(-0.5, after.points().get(0).getDouble("compound"));
                  assertEquals("negative", after.trend().getString("label"));
                  assertEquals(1, after.examples().size());
                  TrainingExample example = after.examples().get(0);
                  assertEquals(SentimentLabel.NEGATIVE, example.example().label());
                  assertEquals("Thanks, that fixed it, you are great!", example.example().text());
                  assertEquals(SentimentLabel.POSITIVE, example.originalLabel());
                  assertEquals(answer.getString("correctedBy"), example.actor());
                  assertEquals(filed.conversationId(), example.conversationId());

                  assertEquals(200, undone.statusCode(), undone.bodyAsString());
                  assertEquals(before.sentiment(), undone.bodyAsJsonObject(), "the analyser's sentiment, as it was");
                  assertEquals(before.sentiment(), restored.sentiment());
                  assertNull(restored.sentiment().getValue("corrected"));
                  assertEquals(before.conversationSentiment(), restored.conversationSentiment());
                  assertEquals(List.of("positive"), restored.listedUnder());
                  assertEquals(before.points(), restored.points());
                  assertEquals(before.trend().getString("label"), restored.trend().getString("label"));
                  assertEquals(List.of(), restored.examples(), "the undone correction teaches nothing");

                  assertEquals(List.of("negative", "positive"),
                      events.stream().map(event -> event.getString("label")).toList());
                  assertEquals(List.of(true, false),
                      events.stream().map(event -> event.getBoolean("corrected")).toList());
                  assertEquals(filed.conversationId(), events.get(0).getString("conversationId"));
                  assertEquals("positive", events.get(0).getString("originalLabel"));
                  assertEquals(List.of(), hub.contractViolations());
                });
                return events;
              }))))));
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void aCorrectedMessageInAnotherLanguageCountsUntilTheCorrectionIsUndone(VertxTestContext test) {
    fileUnscored("Bonjour, je n'ai toujours pas reçu ma commande et personne ne me répond.").compose(filed ->
        views(filed).compose(before -> correct(filed, "negative")
            .compose(corrected -> views(filed).compose(after -> undo(filed)
                .compose(undone -> views(filed).map(restored -> {
                  test.verify(() -> {
                    assertEquals(false, before.sentiment().getBoolean("scored"), before.sentiment().encode());
                    assertNull(before.conversationSentiment(), "nothing scored yet");
                    assertEquals(List.of(), before.points());

                    assertEquals(200, corrected.statusCode(), corrected.bodyAsString());
                    assertEquals("negative", after.sentiment().getString("label"));
                    assertEquals(-0.5, after.conversationSentiment().getDouble("compound"), "a person's label counts");
                    assertEquals(List.of("negative"), after.listedUnder());
                    assertEquals(1, after.points().size());
                    assertEquals(-0.5, after.points().get(0).getDouble("compound"));

                    assertEquals(200, undone.statusCode(), undone.bodyAsString());
                    assertEquals(before.sentiment(), restored.sentiment());
                    assertNull(restored.conversationSentiment(), "unscored again: no sentiment");
                    assertEquals(List.of(), restored.points());
                    assertEquals(List.of(), restored.examples());
                    assertEquals(List.of(), hub.contractViolations());
                  });
                  return restored;
                })))))).onComplete(test.succeedingThenComplete());
  }

  @Test
  void unknownIdsStaffMessagesBadLabelsAndReadKeysAreRefusedWithProblems(VertxTestContext test) {
    file("Where is my parcel?").compose(filed -> {
      String conversation = "/api/v1/conversations/" + filed.conversationId();
      Future<HttpResponse<Buffer>> note = hub.authorized(HttpMethod.POST, conversation + "/notes")
          .sendJsonObject(new JsonObject().put("text", "called the courier"));
      Future<HttpResponse<Buffer>> readKey = hub.authorized(HttpMethod.POST, "/api/v1/api-keys")
          .sendJsonObject(new JsonObject().put("name", "read only").put("scopes", new JsonArray().add("read")));
      return Future.all(note, readKey).compose(made -> {
        String noteId = note.result().bodyAsJsonObject().getString("id");
        String secret = readKey.result().bodyAsJsonObject().getString("key");
        JsonObject negative = new JsonObject().put("label", "negative");
        List<Future<HttpResponse<Buffer>>> answers = List.of(
            hub.authorized(HttpMethod.PUT, "/api/v1/conversations/cv_missing/messages/" + filed.messageId()
                + "/sentiment").sendJsonObject(negative),
            hub.authorized(HttpMethod.PUT, conversation + "/messages/ct_missing/sentiment").sendJsonObject(negative),
            hub.authorized(HttpMethod.PUT, conversation + "/messages/" + noteId + "/sentiment").sendJsonObject(negative),
            hub.authorized(HttpMethod.DELETE, conversation + "/messages/" + noteId + "/sentiment").send(),
            hub.authorized(HttpMethod.PUT, filed.path()).sendJsonObject(new JsonObject().put("label", "furious")),
            hub.authorized(HttpMethod.PUT, filed.path()).sendJsonObject(new JsonObject()),
            hub.request(HttpMethod.PUT, filed.path()).bearerTokenAuthentication(secret).sendJsonObject(negative),
            hub.request(HttpMethod.DELETE, filed.path()).bearerTokenAuthentication(secret).send());
        return Future.all(answers).compose(all -> views(filed).map(after -> {
          test.verify(() -> {
            assertProblem(answers.get(0).result(), 404);
            assertProblem(answers.get(1).result(), 404);
            assertProblem(answers.get(2).result(), 404);
            assertTrue(answers.get(2).result().bodyAsJsonObject().getString("detail").contains("staff reply or note"),
                answers.get(2).result().bodyAsString());
            assertProblem(answers.get(3).result(), 404);
            assertProblem(answers.get(4).result(), 400);
            assertTrue(answers.get(4).result().bodyAsString().contains("label"), answers.get(4).result().bodyAsString());
            assertProblem(answers.get(5).result(), 400);
            assertProblem(answers.get(6).result(), 403);
            assertProblem(answers.get(7).result(), 403);
            assertFalse(after.sentiment().containsKey("corrected"), "nothing was corrected: " + after.sentiment());
            assertEquals(List.of(), after.examples());
            assertEquals(List.of(), hub.contractViolations());
          });
          return after;
        }));
      });
    }).onComplete(test.succeedingThenComplete());
  }

  private static final int CONCURRENT = 12;
  private static final int ROUNDS = 3;

  /**
   * Two hubs on one Redis, as agents behind a load balancer: the requests interleave on separate
   * connections. On loopback the follow-up writes rarely overtake each other, so the version guards
   * that make them safe when they do are checked deterministically in SentimentCorrectionOrderTest.
   */
  @Test
  void agentsCorrectingOneMessageAtOnceEndConsistent(VertxTestContext test) throws Exception {
    TestHub.deploy(vertx, TestHub.config(redis.url(), TestDirectories.create("hub"))).compose(second ->
            file("The package arrived today.").compose(filed -> rounds(List.of(hub, second), filed, 0))
                .eventually(second::undeploy))
        .onComplete(test.succeedingThenComplete());
  }

  /** Each round: {@value #CONCURRENT} corrections and undos at once, then every view must agree. */
  private Future<Void> rounds(List<TestHub> hubs, Filed filed, int round) {
    if (round == ROUNDS) {
      return Future.succeededFuture();
    }
    List<Future<HttpResponse<Buffer>>> requests = new ArrayList<>();
    for (int i = 0; i < CONCURRENT; i++) {
      TestHub via = hubs.get(i % hubs.size());
      requests.add(i % 4 == 1 ? undo(via, filed) : correct(via, filed, LABELS.get((i + round) % LABELS.size())));
    }
    return Future.all(requests).compose(all -> views(filed)).compose(views -> {
      for (Future<HttpResponse<Buffer>> request : requests) {
        assertEquals(200, request.result().statusCode(), request.result().bodyAsString());
      }
      String label = views.sentiment().getString("label");
      double compound = views.sentiment().getDouble("compound");
      boolean corrected = views.sentiment().getBoolean("corrected", false);
      String where = "round " + round + ": " + views;
      assertEquals(label, views.conversationSentiment().getString("label"), where);
      assertEquals(compound, views.conversationSentiment().getDouble("compound"), where);
      assertEquals(List.of(label), views.listedUnder(), where);
      assertEquals(1, views.points().size(), where);
      assertEquals(compound, views.points().get(0).getDouble("compound"), where);
      assertEquals(corrected ? 1 : 0, views.examples().size(), where);
      if (corrected) {
        assertEquals(label, views.examples().get(0).example().label().wireName(), where);
      }
      return rounds(hubs, filed, round + 1);
    });
  }
}
