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
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.crmhub.hub.testing.WebhookReceiver;
import org.crmhub.hub.testing.WebhookReceiver.Received;
import org.crmhub.hub.webhooks.WebhookSettings;
import org.junit.jupiter.api.Test;

/**
 * Outbound webhooks against a loopback receiver that verifies signatures independently and
 * fails on purpose. The test hub retries after 0, 200, 400 and 600 ms and times out after 1 s.
 */
class WebhooksTest extends HubTestBase {

  private Future<JsonObject> subscribe(WebhookReceiver receiver, String... events) {
    return hub.authorized(HttpMethod.POST, "/api/v1/webhooks")
        .sendJsonObject(new JsonObject().put("url", receiver.url()).put("events", new JsonArray(List.of(events)))
            .put("description", "test receiver"))
        .map(response -> {
          if (response.statusCode() != 201) {
            throw new AssertionError(response.bodyAsString());
          }
          JsonObject created = response.bodyAsJsonObject();
          receiver.trustSecret(created.getString("secret"));
          return created;
        });
  }

  private static List<Received> ofType(WebhookReceiver receiver, String type) {
    return receiver.received().stream().filter(r -> type.equals(r.json().getString("type"))).toList();
  }

  @Test
  void deliversSignedEventsAndRetriesThroughErrorsResetsAndRateLimits(VertxTestContext test) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    WebhookReceiver.start(vertx).compose(receiver -> {
      receiver.answer((ctx, attempt) -> {
        switch (attempt) {
          case 1 -> ctx.response().setStatusCode(500).end("boom");
          case 2 -> ctx.request().connection().close();
          case 3 -> ctx.response().setStatusCode(429).putHeader("Retry-After", "1").end();
          default -> ctx.response().setStatusCode(200).end("thanks");
        }
      });
      return subscribe(receiver, "message.created").compose(subscription ->
          push(TestHub.contact("wh-" + tag, "wh-" + tag + "@example.com", "Hello webhooks"))
              .compose(v -> Eventually.holds(vertx, 15_000, "the message.created webhook succeeds",
                  () -> Future.succeededFuture(ofType(receiver, "message.created").stream()
                      .anyMatch(r -> r.attemptOfThisId() == 4))))
              .compose(v -> Future.all(
                  getJson("/api/v1/webhooks/" + subscription.getString("id") + "/attempts?limit=10"),
                  getJson("/api/v1/webhooks/" + subscription.getString("id") + "/deliveries")))
              .map(logs -> {
                List<Received> got = ofType(receiver, "message.created");
                JsonArray attempts = ((JsonObject) logs.resultAt(0)).getJsonArray("items");
                JsonObject delivery = ((JsonObject) logs.resultAt(1)).getJsonArray("items").getJsonObject(0);
                test.verify(() -> {
                  assertEquals(4, got.size());
                  assertEquals(1, got.stream().map(Received::webhookId).distinct().count(), "one webhook-id throughout");
                  assertTrue(got.stream().allMatch(Received::signatureValid), "every attempt is signed");
                  assertEquals(1, got.stream().map(Received::body).distinct().count(), "the same body every time");
                  JsonObject payload = got.get(3).json();
                  assertEquals("message.created", payload.getString("type"));
                  assertNotNull(payload.getString("timestamp"));
                  assertEquals("wh-" + tag, payload.getJsonObject("data").getJsonObject("message").getString("externalId"));
                  assertTrue(payload.getJsonObject("data").getLong("sequence") >= 1);
                  assertTrue(got.get(3).timestamp() - got.get(2).timestamp() >= 1, "Retry-After honoured");
                  List<Integer> statuses = attempts.stream().map(a -> ((JsonObject) a).getInteger("status")).toList();
                  assertEquals(List.of(200, 429, 0, 500), statuses);
                  assertEquals("thanks", attempts.getJsonObject(0).getString("responseExcerpt"));
                  assertEquals("succeeded", delivery.getString("status"));
                  assertEquals(got.get(0).webhookId(), delivery.getString("id"));
                });
                return receiver;
              }))
          .compose(WebhookReceiver::stop);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void aTargetThatDoesNotAnswerHoldsUpNoOtherDelivery(VertxTestContext test) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    java.util.concurrent.atomic.AtomicBoolean hangingClosed = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicReference<Boolean> hangingOpenWhenSecondArrived =
        new java.util.concurrent.atomic.AtomicReference<>();
    Future.all(WebhookReceiver.start(vertx), WebhookReceiver.start(vertx)).compose(receivers -> {
      WebhookReceiver hanging = receivers.resultAt(0);
      WebhookReceiver answering = receivers.resultAt(1);
      // never answers: the hub gives up on its first request only after its timeout
      hanging.answer((ctx, attempt) -> {
        if (attempt == 1 && ctx.body().asString().contains("first-" + tag)) {
          ctx.request().connection().closeHandler(closed -> hangingClosed.set(true));
        }
      });
      answering.answer((ctx, attempt) -> {
        if (ctx.body().asString().contains("second-" + tag)) {
          hangingOpenWhenSecondArrived.compareAndSet(null, !hangingClosed.get());
        }
        ctx.response().setStatusCode(204).end();
      });
      return subscribe(hanging, "message.created")
          .compose(v -> subscribe(answering, "message.created"))
          .compose(v -> push(TestHub.contact("first-" + tag, "first-" + tag + "@example.com", "first")))
          .compose(v -> Eventually.holds(vertx, 15_000, "the first event reached both targets",
              () -> Future.succeededFuture(hanging.received().stream().anyMatch(r -> r.body().contains("first-" + tag))
                  && answering.received().stream().anyMatch(r -> r.body().contains("first-" + tag)))))
          .compose(v -> push(TestHub.contact("second-" + tag, "second-" + tag + "@example.com", "second")))
          .compose(v -> Eventually.holds(vertx, 15_000, "the second event reached the answering target",
              () -> Future.succeededFuture(hangingOpenWhenSecondArrived.get() != null)))
          .compose(v -> Eventually.holds(vertx, 15_000, "the hub gave up on the hanging request (its timeout)",
              () -> Future.succeededFuture(hangingClosed.get())))
          .map(v -> {
            test.verify(() -> assertTrue(hangingOpenWhenSecondArrived.get(),
                "the second event was delivered while the first still hung at the other target"));
            return null;
          })
          .compose(v -> Future.all(hanging.stop(), answering.stop()));
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void retryAfterAsAnHttpDateIsNeverHonouredEarly(VertxTestContext test) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    List<Long> notBefore = new java.util.concurrent.CopyOnWriteArrayList<>();
    WebhookReceiver.start(vertx).compose(receiver -> {
      receiver.answer((ctx, attempt) -> {
        if (attempt <= 2) {
          // HTTP dates have whole seconds: the next whole second plus one, mostly a fraction away from now
          java.time.Instant at = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              .plusSeconds(2);
          notBefore.add(at.toEpochMilli());
          ctx.response().setStatusCode(503).putHeader("Retry-After", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
              .format(at.atZone(java.time.ZoneOffset.UTC))).end();
        } else {
          ctx.response().setStatusCode(204).end();
        }
      });
      return subscribe(receiver, "message.created").compose(subscription ->
          push(TestHub.contact("ra-" + tag, "ra-" + tag + "@example.com", "Hello again"))
              .compose(v -> Eventually.holds(vertx, 15_000, "the third attempt arrives",
                  () -> Future.succeededFuture(receiver.received().size() >= 3)))
              .map(v -> {
                List<Received> got = receiver.received();
                test.verify(() -> {
                  for (int retry = 1; retry <= 2; retry++) {
                    assertTrue(got.get(retry).arrivedAtMillis() >= notBefore.get(retry - 1),
                        "retry " + retry + " came " + (notBefore.get(retry - 1) - got.get(retry).arrivedAtMillis())
                            + " ms before its Retry-After date");
                  }
                });
                return receiver;
              }))
          .compose(WebhookReceiver::stop);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void withTwoHubsEachEventIsDeliveredOnce(VertxTestContext test) throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    int contacts = 40;
    TestHub.deploy(vertx, TestHub.config(redis.url(), TestDirectories.create("hub-b"))).compose(second ->
        WebhookReceiver.start(vertx).compose(receiver -> subscribe(receiver, "message.created")
            .compose(subscription -> {
              List<Future<HttpResponse<Buffer>>> pushes = new java.util.ArrayList<>();
              for (int i = 0; i < contacts; i++) {
                TestHub target = i % 2 == 0 ? hub : second;
                pushes.add(target.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
                    .sendJsonObject(TestHub.contact("two-" + tag + "-" + i, "two-" + tag + "@example.com", "hi " + i)));
              }
              return Future.all(pushes)
                  .compose(v -> Eventually.holds(vertx, 15_000, "every message.created is delivered",
                      () -> Future.succeededFuture(ofType(receiver, "message.created").stream()
                          .filter(r -> r.body().contains("two-" + tag)).count() >= contacts)))
                  .compose(v -> vertx.timer(500))
                  .compose(v -> hub.authorized(HttpMethod.GET,
                      "/api/v1/webhooks/" + subscription.getString("id") + "/attempts?limit=100").send());
            })
            .map(attemptLog -> {
              List<Received> got = ofType(receiver, "message.created").stream()
                  .filter(r -> r.body().contains("two-" + tag)).toList();
              List<JsonObject> attempts = attemptLog.bodyAsJsonObject().getJsonArray("items").stream()
                  .map(JsonObject.class::cast).toList();
              test.verify(() -> {
                assertEquals(contacts, got.stream().map(Received::webhookId).distinct().count());
                assertTrue(attempts.size() < 100, "the attempt log fits one page");
                assertTrue(got.stream().allMatch(Received::signatureValid));
                // A send the receiver answered too late for the hub's timeout is sent again (at least
                // once, deduped by webhook-id). What two hubs must never do is both claim one delivery:
                // every send is a recorded attempt, numbered once, and one of them succeeded.
                for (String webhookId : got.stream().map(Received::webhookId).collect(Collectors.toSet())) {
                  List<JsonObject> itsAttempts = attempts.stream()
                      .filter(a -> webhookId.equals(a.getString("deliveryId"))).toList();
                  assertEquals(got.stream().filter(r -> r.webhookId().equals(webhookId)).count(), itsAttempts.size(),
                      "each send of " + webhookId + " is one recorded attempt");
                  assertEquals(itsAttempts.size(), itsAttempts.stream().map(a -> a.getInteger("attempt")).distinct().count(),
                      "no attempt of " + webhookId + " was made by two hubs");
                  assertEquals(1, itsAttempts.stream().filter(a -> a.getInteger("status") / 100 == 2).count(),
                      webhookId + " succeeded once");
                }
              });
              return receiver;
            })
            .compose(WebhookReceiver::stop)
            .compose(v -> second.undeploy())))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aCustomerTurningNegativeRaisesOneSentimentAlert(VertxTestContext test) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String email = "mood-" + tag + "@example.com";
    WebhookReceiver.start(vertx).compose(receiver -> subscribe(receiver, "sentiment.alert", "message.created")
        .compose(subscription -> pushAndWait(TestHub.contact("mood1-" + tag, email, "Thanks, great service!"), "email:" + email))
        .compose(v -> pushAndWait(TestHub.contact("mood2-" + tag, email,
            "This is unacceptable. Terrible, awful, I am furious and want a refund."), "email:" + email))
        .compose(v -> pushAndWait(TestHub.contact("mood3-" + tag, email, "Still terrible. Worst experience ever."), "email:" + email))
        .compose(customer -> Eventually.holds(vertx, 10_000, "the alert arrives",
                () -> Future.succeededFuture(!ofType(receiver, "sentiment.alert").isEmpty()))
            .compose(v -> vertx.timer(500))
            .map(v -> {
              List<Received> alerts = ofType(receiver, "sentiment.alert");
              test.verify(() -> {
                assertEquals(1, alerts.size(), "only the turn to negative alerts");
                JsonObject data = alerts.get(0).json().getJsonObject("data");
                assertEquals(customer.getString("id"), data.getString("customerId"));
                assertEquals("positive", data.getString("previousLabel"));
                assertTrue(data.getDouble("trend") <= -0.05);
                assertTrue(alerts.get(0).signatureValid());
                // a receiver ordering the conversation's events by sequence sees the message first
                JsonObject cause = ofType(receiver, "message.created").stream().map(r -> r.json().getJsonObject("data"))
                    .filter(m -> m.getJsonObject("message").getString("id").equals(data.getString("messageId")))
                    .findFirst().orElseThrow(() -> new AssertionError("the alerting message was delivered"));
                assertEquals(cause.getString("conversationId"), data.getString("conversationId"));
                assertTrue(data.getLong("sequence") > cause.getLong("sequence"),
                    "alert sequence " + data.getLong("sequence") + " after message " + cause.getLong("sequence"));
              });
              return receiver;
            }))
        .compose(WebhookReceiver::stop))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void payloadsOfAContactWithoutNameSubjectOrHtmlKeepTheContract(VertxTestContext test) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String email = "plain-" + tag + "@example.com";
    List<String> types = List.of("contact.received", "customer.created", "conversation.created", "message.created",
        "sentiment.alert");
    WebhookReceiver.start(vertx).compose(receiver -> subscribe(receiver, types.toArray(String[]::new))
        .compose(subscription -> pushAndWait(TestHub.contact("plain1-" + tag, email, "Thanks, lovely!"), "email:" + email))
        .compose(v -> pushAndWait(TestHub.contact("plain2-" + tag, email, "Terrible, awful, I am furious."), "email:" + email))
        .compose(customer -> Eventually.holds(vertx, 10_000, "every type arrives",
                () -> Future.succeededFuture(types.stream().allMatch(type -> !ofType(receiver, type).isEmpty())))
            .map(v -> {
              test.verify(() -> {
                // the contract's own schemas (checked again when the receiver stops) and the absences themselves
                receiver.received().forEach(r -> assertEquals(List.of(), r.contractViolations(), r.body()));
                assertFalse(ofType(receiver, "customer.created").get(0).json().getJsonObject("data").containsKey("name"));
                assertFalse(ofType(receiver, "conversation.created").get(0).json().getJsonObject("data")
                    .containsKey("subject"));
                JsonObject created = ofType(receiver, "message.created").get(0).json().getJsonObject("data");
                assertFalse(created.containsKey("customerName"));
                assertFalse(created.getJsonObject("message").containsKey("html"));
                assertFalse(ofType(receiver, "sentiment.alert").get(0).json().getJsonObject("data")
                    .containsKey("customerName"));
              });
              return receiver;
            }))
        .compose(WebhookReceiver::stop))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aTimeoutIsRetriedAndGoneDisablesTheSubscription(VertxTestContext test) {
    WebhookReceiver.start(vertx).compose(receiver -> {
      receiver.answer((ctx, attempt) -> {
        if (attempt == 1) {
          return; // never answers: the hub's 1 s timeout must fire
        }
        ctx.response().setStatusCode(410).end();
      });
      return subscribe(receiver, "contact.received").compose(subscription -> {
        String id = subscription.getString("id");
        return hub.authorized(HttpMethod.POST, "/api/v1/webhooks/" + id + "/ping").send()
            .compose(ping -> Eventually.holds(vertx, 10_000, "the subscription is disabled by 410",
                () -> getJson("/api/v1/webhooks/" + id).map(w -> !w.getBoolean("enabled"))))
            .compose(v -> Future.all(getJson("/api/v1/webhooks/" + id),
                getJson("/api/v1/webhooks/" + id + "/attempts")))
            .map(all -> {
              JsonObject webhook = all.resultAt(0);
              JsonArray attempts = ((JsonObject) all.resultAt(1)).getJsonArray("items");
              test.verify(() -> {
                assertTrue(webhook.getString("disabledReason").contains("410"));
                assertEquals(410, attempts.getJsonObject(0).getInteger("status"));
                assertEquals(0, attempts.getJsonObject(1).getInteger("status"));
                assertTrue(attempts.getJsonObject(1).getString("error").toLowerCase().contains("timeout"),
                    attempts.encode());
                assertFalse(webhook.containsKey("secrets"), "secrets are never shown again");
              });
              return receiver;
            });
      }).compose(WebhookReceiver::stop);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void rotationSignsWithBothSecretsAndReplayResendsTheSameWebhookId(VertxTestContext test) {
    WebhookReceiver.start(vertx).compose(receiver -> subscribe(receiver, "customer.created").compose(subscription -> {
      String id = subscription.getString("id");
      String oldSecret = subscription.getString("secret");
      long createdAt = System.currentTimeMillis();
      return hub.authorized(HttpMethod.POST, "/api/v1/webhooks/" + id + "/ping").send()
          .compose(v -> Eventually.holds(vertx, 10_000, "the first ping arrives",
              () -> Future.succeededFuture(receiver.received().size() == 1)))
          .compose(v -> hub.authorized(HttpMethod.POST, "/api/v1/webhooks/" + id + "/rotate-secret")
              .sendJsonObject(new JsonObject().put("overlapSeconds", 3600)))
          .compose(rotated -> {
            String newSecret = rotated.bodyAsJsonObject().getString("secret");
            test.verify(() -> assertFalse(newSecret.equals(oldSecret)));
            return hub.authorized(HttpMethod.POST, "/api/v1/webhooks/" + id + "/ping").send().map(newSecret);
          })
          .compose(newSecret -> Eventually.holds(vertx, 10_000, "the second ping arrives",
                  () -> Future.succeededFuture(receiver.received().size() == 2))
              .map(newSecret))
          .compose(newSecret -> hub.authorized(HttpMethod.POST, "/api/v1/webhooks/" + id + "/replay")
              .sendJsonObject(new JsonObject().put("since", java.time.Instant.ofEpochMilli(createdAt - 1000).toString()))
              .map(replayed -> {
                test.verify(() -> assertEquals(2, replayed.bodyAsJsonObject().getInteger("requeued")));
                return newSecret;
              }))
          .compose(newSecret -> Eventually.holds(vertx, 10_000, "both pings arrive again",
              () -> Future.succeededFuture(receiver.received().size() == 4)).map(newSecret))
          .map(newSecret -> {
            List<Received> got = receiver.received();
            test.verify(() -> {
              assertEquals(1, got.get(0).signatureCount());
              assertEquals(2, got.get(1).signatureCount(), "old and new secret during the overlap");
              assertTrue(got.stream().allMatch(Received::signatureValid));
              Set<String> firstIds = Set.of(got.get(0).webhookId(), got.get(1).webhookId());
              Set<String> replayedIds = Set.of(got.get(2).webhookId(), got.get(3).webhookId());
              assertEquals(firstIds, replayedIds, "a replay keeps the webhook-id");
            });
            return receiver;
          });
    }).compose(WebhookReceiver::stop)).onComplete(test.succeedingThenComplete());
  }

  @Test
  void privateAndMetadataTargetsAreRefusedAtSubscriptionAndOnRedirect(VertxTestContext test) {
    List<String> refused = List.of("https://10.1.2.3/hook", "https://169.254.169.254/latest/meta-data",
        "https://[fd00::1]/hook", "https://192.168.1.10/x", "https://[::ffff:10.0.0.1]/x", "http://example.org/hook",
        "ftp://example.org/x", "https://user:pass@8.8.8.8/x", "https://0.0.0.0/x", "https://100.64.0.1/x",
        "https://224.0.0.1/x", "https://[fe80::1]/x", "not a url");
    Future<List<HttpResponse<Buffer>>> attempts = Future.all(refused.stream()
            .map(url -> hub.authorized(HttpMethod.POST, "/api/v1/webhooks")
                .sendJsonObject(new JsonObject().put("url", url).put("events", new JsonArray().add("message.created"))))
            .toList())
        .map(all -> all.<HttpResponse<Buffer>>list());
    attempts.compose(responses -> {
      test.verify(() -> {
        for (int i = 0; i < responses.size(); i++) {
          HttpResponse<Buffer> response = responses.get(i);
          assertProblem(response, 400);
          assertEquals("/url", response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"),
              refused.get(i));
        }
      });
      return WebhookReceiver.start(vertx);
    }).compose(receiver -> {
      receiver.answer((ctx, attempt) -> ctx.response().setStatusCode(302)
          .putHeader("Location", "http://169.254.169.254/latest/meta-data/").end());
      return subscribe(receiver, "contact.received").compose(subscription -> {
        String id = subscription.getString("id");
        return hub.authorized(HttpMethod.POST, "/api/v1/webhooks/" + id + "/ping").send()
            .compose(v -> Eventually.holds(vertx, 10_000, "the redirect is refused and the delivery fails",
                () -> getJson("/api/v1/webhooks/" + id + "/deliveries")
                    .map(d -> "failed".equals(d.getJsonArray("items").getJsonObject(0).getString("status")))))
            .compose(v -> getJson("/api/v1/webhooks/" + id + "/deliveries"))
            .map(deliveries -> {
              JsonObject delivery = deliveries.getJsonArray("items").getJsonObject(0);
              test.verify(() -> {
                assertTrue(delivery.getString("lastError").startsWith("refused target"), delivery.encode());
                assertEquals(1, delivery.getInteger("attempts"), "a refused target is not retried");
                assertEquals(1, receiver.received().size());
              });
              return receiver;
            });
      }).compose(WebhookReceiver::stop);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void aDeliveryFailingWhenTheHubStopsIsCompletedByTheNextHubWithTheSameId(VertxTestContext test) throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    java.nio.file.Path dir = TestDirectories.create("hub2");
    boolean[] healthy = {false};
    // retries 5 s apart, so the first hub has stopped before its second attempt even on a loaded machine
    WebhookSettings slowRetries = new WebhookSettings(java.time.Duration.ofSeconds(1),
        List.of(java.time.Duration.ZERO, java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5)), true, Set.of());
    hub.undeploy()
        .compose(v -> TestHub.deploy(vertx, TestHub.config(redis.url(), dir, slowRetries)))
        .compose(first -> {
          hub = first;
          return WebhookReceiver.start(vertx);
        })
        .compose(receiver -> {
      receiver.answer((ctx, attempt) -> ctx.response().setStatusCode(healthy[0] ? 200 : 503).end());
      return subscribe(receiver, "customer.created")
          .compose(subscription -> push(TestHub.contact("restart-" + tag, "restart-" + tag + "@example.com", "hi")))
          .compose(v -> Eventually.holds(vertx, 10_000, "a first attempt failed",
              () -> Future.succeededFuture(ofType(receiver, "customer.created").size() >= 1)))
          .compose(v -> hub.undeploy())
          .compose(v -> {
            healthy[0] = true;
            return TestHub.deploy(vertx, TestHub.config(redis.url(), dir, slowRetries));
          })
          .compose(second -> {
            hub = second;
            return Eventually.holds(vertx, 20_000, "the new hub completes the delivery",
                () -> Future.succeededFuture(receiver.received().stream()
                    .anyMatch(r -> r.body().contains("customer.created") && receiver.received().size() >= 2
                        && r.attemptOfThisId() >= 2)));
          })
          .map(v -> {
            List<Received> got = ofType(receiver, "customer.created");
            test.verify(() -> {
              assertEquals(2, got.size(), "one failed attempt before the stop, one success after");
              assertEquals(1, got.stream().map(Received::webhookId).collect(Collectors.toSet()).size());
              assertTrue(got.stream().allMatch(Received::signatureValid));
            });
            return receiver;
          })
          .compose(WebhookReceiver::stop);
    }).onComplete(test.succeedingThenComplete());
  }
}
