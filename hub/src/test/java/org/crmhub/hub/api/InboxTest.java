package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/** The inbox: paging, filters, changes with ETags, live events, health and metrics. */
class InboxTest extends HubTestBase {

  @Test
  void contactsOfOneNewCustomerProcessedTogetherShareOneConversation(VertxTestContext test) throws Exception {
    // contacts waiting in the stream are read as one batch and processed concurrently: every one
    // sees "no open conversation" at once, and all must still land in the one the first starts
    String email = "together-" + UUID.randomUUID() + "@example.com";
    int contacts = 12;
    java.nio.file.Path dir = TestDirectories.create("together");
    String[] seen = {"nothing"};
    hub.undeploy()
        .compose(v -> TestHub.deploy(vertx, TestHub.config(redis.url(), dir).withConsumeIngest(false)))
        .compose(acceptOnly -> {
          hub = acceptOnly;
          List<Future<HttpResponse<Buffer>>> pushed = new ArrayList<>();
          for (int i = 0; i < contacts; i++) {
            pushed.add(push(TestHub.contact("together-" + UUID.randomUUID(), email, "message " + i)));
          }
          return Future.all(pushed).compose(v -> acceptOnly.undeploy());
        })
        .compose(v -> TestHub.deploy(vertx, TestHub.config(redis.url(), dir)))
        .compose(consuming -> {
          hub = consuming;
          return Eventually.holds(vertx, 15_000, "all " + contacts + " contacts are filed",
              () -> customerOf("email:" + email).map(customer -> {
                if (customer == null) {
                  return false;
                }
                JsonArray conversations = customer.getJsonArray("conversations");
                seen[0] = conversations.encode();
                return conversations.stream().mapToInt(c -> ((JsonObject) c).getInteger("messageCount")).sum()
                    == contacts;
              }));
        })
        .compose(v -> customerOf("email:" + email))
        .onComplete(test.succeeding(customer -> test.verify(() -> {
          assertEquals(1, customer.getJsonArray("conversations").size(), "one conversation: " + seen[0]);
          test.completeNow();
        })));
  }

  @Test
  void pagesThroughEveryConversationOfACustomerNewestFirstWithoutRepeats(VertxTestContext test) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String identity = "email:pages-" + tag + "@example.com";
    int conversations = 23;
    List<Future<HttpResponse<Buffer>>> pushes = new ArrayList<>();
    for (int i = 0; i < conversations; i++) {
      pushes.add(push(TestHub.contact("page-" + tag + "-" + i, "pages-" + tag + "@example.com", "message " + i)
          .put("threadKey", "thread-" + tag + "-" + i)
          .put("receivedAt", "2026-01-01T10:" + String.format("%02d", i) + ":00Z")));
    }
    Future.all(pushes)
        .compose(v -> Eventually.holds(vertx, 15_000, "all conversations are filed",
            () -> customerOf(identity).map(c -> c != null && c.getJsonArray("conversations").size() == conversations
                && c.getJsonArray("conversations").stream().allMatch(x -> ((JsonObject) x).getInteger("messageCount") == 1))))
        .compose(v -> customerOf(identity))
        .compose(customer -> collectPages("/api/v1/conversations?limit=7&customerId=" + customer.getString("id"), null,
            new ArrayList<>(), 0))
        .onComplete(test.succeeding(pages -> test.verify(() -> {
          List<String> times = pages.stream().map(c -> c.getString("lastActivityAt")).toList();
          Set<String> ids = new LinkedHashSet<>(pages.stream().map(c -> c.getString("id")).toList());
          assertEquals(conversations, pages.size());
          assertEquals(conversations, ids.size(), "no conversation twice");
          List<String> sorted = new ArrayList<>(times);
          sorted.sort(java.util.Comparator.reverseOrder());
          assertEquals(sorted, times, "newest activity first");
          test.completeNow();
        })));
  }

  private Future<List<JsonObject>> collectPages(String path, String cursor, List<JsonObject> collected, int pages) {
    if (pages > 50) {
      return Future.failedFuture(new AssertionError("too many pages"));
    }
    return getJson(path + (cursor == null ? "" : "&cursor=" + cursor)).compose(page -> {
      page.getJsonArray("items").forEach(item -> collected.add((JsonObject) item));
      String next = page.getString("nextCursor");
      return next == null ? Future.succeededFuture(collected) : collectPages(path, next, collected, pages + 1);
    });
  }

  @Test
  void filtersAndChangesKeepTheIndexesRightAndHonourETags(VertxTestContext test) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String identity = "email:filters-" + tag + "@example.com";
    String[] conversationId = new String[1];
    String[] etag = new String[1];
    pushAndWait(TestHub.contact("f-" + tag, "filters-" + tag + "@example.com",
            "Terrible. Still waiting, worst support ever!").put("channel", "sms"), identity)
        .compose(customer -> {
          conversationId[0] = customer.getJsonArray("conversations").getJsonObject(0).getString("id");
          return Future.all(
              inboxIds("?channel=sms&sentiment=negative&status=open&assignee=none&limit=100"),
              inboxIds("?channel=email&limit=100"),
              hub.authorized(HttpMethod.GET, "/api/v1/conversations/" + conversationId[0]).send());
        })
        .compose(found -> {
          HttpResponse<Buffer> read = found.resultAt(2);
          etag[0] = read.getHeader("ETag");
          test.verify(() -> {
            assertTrue(((List<?>) found.resultAt(0)).contains(conversationId[0]));
            assertTrue(!((List<?>) found.resultAt(1)).contains(conversationId[0]));
            assertNotNull(etag[0]);
          });
          // one after the other: the conditional read must see the version before the change
          return hub.authorized(HttpMethod.GET, "/api/v1/conversations/" + conversationId[0])
              .putHeader("If-None-Match", etag[0]).send()
              .compose(notModified -> hub.authorized(HttpMethod.PATCH, "/api/v1/conversations/" + conversationId[0])
                  .putHeader("If-Match", etag[0])
                  .sendJsonObject(new JsonObject().put("status", "closed").put("assignee", "ann")
                      .put("tags", new JsonArray().add("billing").add("vip")))
                  .map(patched -> List.of(notModified, patched)));
        })
        .compose(changed -> {
          HttpResponse<Buffer> notModified = changed.get(0);
          HttpResponse<Buffer> patched = changed.get(1);
          test.verify(() -> {
            assertEquals(304, notModified.statusCode());
            assertEquals(200, patched.statusCode(), patched.bodyAsString());
            assertEquals("closed", patched.bodyAsJsonObject().getString("status"));
            assertEquals(new JsonArray().add("billing").add("vip"), patched.bodyAsJsonObject().getJsonArray("tags"));
            assertTrue(!etag[0].equals(patched.getHeader("ETag")));
          });
          return Future.all(
              hub.authorized(HttpMethod.PATCH, "/api/v1/conversations/" + conversationId[0])
                  .putHeader("If-Match", etag[0]).sendJsonObject(new JsonObject().put("status", "open")),
              hub.authorized(HttpMethod.PATCH, "/api/v1/conversations/" + conversationId[0])
                  .sendJsonObject(new JsonObject().put("status", "archived")),
              hub.authorized(HttpMethod.PATCH, "/api/v1/conversations/" + conversationId[0])
                  .sendJsonObject(new JsonObject()),
              inboxIds("?status=closed&assignee=ann&limit=100"),
              inboxIds("?status=open&assignee=none&limit=100"));
        })
        .compose(after -> {
          test.verify(() -> {
            assertProblem(after.resultAt(0), 412);
            assertProblem(after.resultAt(1), 400);
            assertProblem(after.resultAt(2), 400);
            assertTrue(((List<?>) after.resultAt(3)).contains(conversationId[0]));
            assertTrue(!((List<?>) after.resultAt(4)).contains(conversationId[0]));
          });
          // unassign, then a new message on the closed channel conversation starts a new one
          return hub.authorized(HttpMethod.PATCH, "/api/v1/conversations/" + conversationId[0])
              .sendJsonObject(new JsonObject().put("assignee", ""));
        })
        .compose(unassigned -> {
          test.verify(() -> assertNull(unassigned.bodyAsJsonObject().getString("assignee")));
          return pushAndWait(TestHub.contact("f2-" + tag, "filters-" + tag + "@example.com", "Hello again")
              .put("channel", "sms"), identity);
        })
        .onComplete(test.succeeding(customer -> test.verify(() -> {
          assertEquals(2, customer.getJsonArray("conversations").size(), "closed conversations are not reused");
          test.completeNow();
        })));
  }

  private Future<List<String>> inboxIds(String query) {
    return getJson("/api/v1/conversations" + query).map(page -> page.getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("id")).toList());
  }

  @Test
  void sortsByMostNegativeAndByOldestWaiting(VertxTestContext test) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String[] texts = {"Thank you so much, wonderful help!", "Where is my parcel?", "Terrible, awful, worst service, I hate this."};
    String[] received = {"2026-03-01T10:00:00Z", "2026-03-01T09:00:00Z", "2026-03-01T11:00:00Z"};
    Future<JsonObject> chain = Future.succeededFuture();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      int n = i;
      chain = chain.compose(v -> pushAndWait(TestHub.contact("sort-" + tag + "-" + n, "sort-" + tag + "-" + n + "@example.com",
              texts[n]).put("receivedAt", received[n]), "email:sort-" + tag + "-" + n + "@example.com"))
          .map(customer -> {
            ids.add(customer.getJsonArray("conversations").getJsonObject(0).getString("id"));
            return customer;
          });
    }
    chain.compose(v -> Future.all(
            collectPages("/api/v1/conversations?limit=100&sort=most-negative", null, new ArrayList<>(), 0),
            collectPages("/api/v1/conversations?limit=100&sort=oldest-waiting", null, new ArrayList<>(), 0)))
        .onComplete(test.succeeding(sorted -> test.verify(() -> {
          List<JsonObject> bySentiment = sorted.resultAt(0);
          List<JsonObject> byWaiting = sorted.resultAt(1);
          List<String> sentimentOrder = bySentiment.stream().map(c -> c.getString("id")).filter(ids::contains).toList();
          List<String> waitingOrder = byWaiting.stream().map(c -> c.getString("id")).filter(ids::contains).toList();
          assertEquals(List.of(ids.get(2), ids.get(1), ids.get(0)), sentimentOrder);
          assertEquals(List.of(ids.get(1), ids.get(0), ids.get(2)), waitingOrder);
          List<Double> scores = bySentiment.stream().map(c -> c.getJsonObject("sentiment").getDouble("compound")).toList();
          List<Double> ascending = new ArrayList<>(scores);
          ascending.sort(null);
          assertEquals(ascending, scores, "the whole list is sorted");
          assertTrue(byWaiting.stream().allMatch(c -> "open".equals(c.getString("status"))));
          test.completeNow();
        })));
  }

  @Test
  void textInAnotherLanguageIsMarkedUnscoredAndLeavesTheMoodAlone(VertxTestContext test) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String email = "lang-" + tag + "@example.com";
    pushAndWait(TestHub.contact("en-" + tag, email, "Thank you, that was great help!"), "email:" + email)
        .compose(customer -> push(TestHub.contact("de-" + tag, email,
                "Das ist eine Katastrophe, ich warte seit drei Wochen auf meine Rechnung und niemand antwortet mir."))
            .compose(v -> Eventually.holds(vertx, 10_000, "both messages are filed",
                () -> customerOf("email:" + email).map(c -> c.getJsonArray("conversations").getJsonObject(0)
                    .getInteger("messageCount") == 2)))
            .compose(v -> getJson("/api/v1/conversations/"
                + customer.getJsonArray("conversations").getJsonObject(0).getString("id")))
            .compose(conversation -> customerOf("email:" + email).map(after -> {
              test.verify(() -> {
                JsonObject english = conversation.getJsonArray("messages").getJsonObject(0).getJsonObject("sentiment");
                JsonObject german = conversation.getJsonArray("messages").getJsonObject(1).getJsonObject("sentiment");
                assertTrue(english.getBoolean("scored"));
                assertEquals(false, german.getBoolean("scored"));
                assertEquals("de", german.getString("language"));
                assertEquals(english.getDouble("compound"), conversation.getJsonObject("sentiment").getDouble("compound"), 1e-4);
                assertEquals(1, after.getJsonObject("sentimentTrend").getJsonArray("points").size());
              });
              return after;
            })))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void liveEventsArriveOverServerSentEvents(VertxTestContext test) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    HttpClient client = vertx.createHttpClient();
    Promise<String> messageEvent = Promise.promise();
    StringBuilder received = new StringBuilder();
    client.request(new RequestOptions().setHost("127.0.0.1").setPort(hub.port()).setURI("/api/v1/events")
            .putHeader("Authorization", "Bearer " + TestHub.API_KEY))
        .compose(request -> request.send())
        .compose(response -> {
          test.verify(() -> {
            assertEquals(200, response.statusCode());
            assertTrue(response.getHeader("Content-Type").startsWith("text/event-stream"));
          });
          response.handler(chunk -> {
            received.append(chunk.toString());
            int at = received.indexOf("event: message.created");
            if (at >= 0 && received.indexOf("\n\n", at) > 0 && received.indexOf(tag) > 0) {
              messageEvent.tryComplete(received.substring(at, received.indexOf("\n\n", at)));
            }
          });
          return push(TestHub.contact("sse-" + tag, "sse-" + tag + "@example.com", "Live!"));
        })
        .compose(pushed -> messageEvent.future())
        .onComplete(test.succeeding(event -> test.verify(() -> {
          String data = event.substring(event.indexOf("data: ") + 6);
          JsonObject payload = new JsonObject(data);
          assertEquals("message.created", payload.getString("type"));
          assertEquals("sse-" + tag, payload.getJsonObject("data").getJsonObject("message").getString("externalId"));
          client.close();
          test.completeNow();
        })));
  }

  @Test
  void healthAndMetricsAnswer(VertxTestContext test) {
    Future.all(
            hub.request(HttpMethod.GET, "/health/live").send(),
            hub.request(HttpMethod.GET, "/health/ready").send(),
            push(TestHub.contact("metrics-" + UUID.randomUUID(), "metrics@example.com", "count me"))
                .compose(v -> hub.request(HttpMethod.GET, "/metrics").send()))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          assertEquals(200, ((HttpResponse<Buffer>) all.resultAt(0)).statusCode());
          HttpResponse<Buffer> ready = all.resultAt(1);
          assertEquals(200, ready.statusCode());
          assertEquals("UP", ready.bodyAsJsonObject().getJsonObject("checks").getString("redis"));
          String metrics = ((HttpResponse<Buffer>) all.resultAt(2)).bodyAsString();
          assertTrue(metrics.contains("crmhub_contacts_accepted_total{channel=\"api\"} 1.0"), metrics);
          assertTrue(metrics.contains("# TYPE crmhub_ingest_backlog gauge"), metrics);
          test.completeNow();
        })));
  }
}
