package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.crmhub.hub.testing.ContractSchemas;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/** GET /api/v1/search: what it finds, its filters and pages, and that no input breaks it. */
class SearchApiTest extends HubTestBase {

  private static final java.util.concurrent.atomic.AtomicLong CONTACTS = new java.util.concurrent.atomic.AtomicLong();

  /** A word no other test's message holds, so each test sees only its own messages. */
  private static String uniqueWord() {
    return "tg" + Long.toString(System.nanoTime(), 36);
  }

  private Future<HttpResponse<Buffer>> search(String query) {
    return hub.authorized(HttpMethod.GET, "/api/v1/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
        .send();
  }

  private Future<HttpResponse<Buffer>> searchWith(String query, String more) {
    return hub.authorized(HttpMethod.GET, "/api/v1/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
        + more).send();
  }

  private static Set<String> messageIds(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode(), response::bodyAsString);
    Set<String> ids = new HashSet<>();
    response.bodyAsJsonObject().getJsonArray("items").forEach(item -> ids.add(((JsonObject) item).getString("messageId")));
    return ids;
  }

  /** Pushes the contacts and waits until {@code word} finds all of them; answers their message ids in order. */
  private Future<List<String>> pushSearchable(String word, List<JsonObject> contacts) {
    List<Future<String>> accepted = new ArrayList<>();
    for (JsonObject contact : contacts) {
      accepted.add(push(contact).map(response -> response.bodyAsJsonObject().getString("contactId")));
    }
    return Future.all(accepted).compose(all -> Eventually.holds(vertx, 10_000, contacts.size() + " messages searchable",
            () -> searchWith(word, "&limit=100").map(response -> messageIds(response).size() == contacts.size()))
        .map(v -> accepted.stream().map(Future::result).toList()));
  }

  private static JsonObject contact(String email, String text) {
    return TestHub.contact("search-" + CONTACTS.incrementAndGet() + "-" + System.nanoTime(), email, text);
  }

  /** A reply mail shows only what is new; what it quoted is searched too (the full text), not shown. */
  @Test
  void aMailIsFoundByWhatItQuotedToo(VertxTestContext test) {
    String word = uniqueWord();
    String quoted = "qt" + Long.toString(System.nanoTime(), 36);
    JsonObject mail = contact("dora@example.com", word + " thanks, that worked")
        .put("channel", "email")
        .put("metadata", new JsonObject().put("fullText", word + " thanks, that worked\n\n> On Monday you wrote:\n> "
            + quoted + " please restart the router"));
    pushSearchable(word, List.of(mail))
        .compose(ids -> Future.all(search(quoted), search("\"restart the router\" " + word))
            .map(both -> {
              test.verify(() -> {
                for (int i = 0; i < 2; i++) {
                  HttpResponse<Buffer> found = both.resultAt(i);
                  assertEquals(Set.copyOf(ids), messageIds(found));
                  String snippet = found.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("snippet");
                  assertTrue(!snippet.contains(quoted), "the snippet is of the text shown: " + snippet);
                }
              });
              return both;
            }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void findsByWordStemPhrasePrefixAndExclusion(VertxTestContext test) {
    String word = uniqueWord();
    pushSearchable(word, List.of(
            contact("ann@example.com", word + " I want refunds for my broken blender"),
            contact("ann@example.com", word + " the refund was processed quickly"),
            contact("bob@example.com", word + " please cancel my subscription today")))
        .compose(ids -> Future.all(List.of(
                search("refund " + word), search("\"cancel my subscription\" " + word),
                search("\"subscription cancel\" " + word), search("subscr* " + word), search(word + " -refund"),
                search("blender " + word), search("BLENDER " + word + " -\"processed quickly\"")))
            .map(all -> {
              List<HttpResponse<Buffer>> answers = all.list();
              test.verify(() -> {
                String refunds = ids.get(0);
                String refund = ids.get(1);
                String cancel = ids.get(2);
                assertEquals(Set.of(refunds, refund), messageIds(answers.get(0)), "by word and by its stem");
                assertEquals(Set.of(cancel), messageIds(answers.get(1)), "a phrase");
                assertEquals(Set.of(), messageIds(answers.get(2)), "a phrase's words in another order");
                assertEquals(Set.of(cancel), messageIds(answers.get(3)), "a prefix");
                assertEquals(Set.of(cancel), messageIds(answers.get(4)), "an excluded word");
                assertEquals(Set.of(refunds), messageIds(answers.get(6)), "case, and an excluded phrase");
                JsonObject hit = answers.get(5).bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
                String snippet = hit.getString("snippet");
                Set<String> marked = new HashSet<>();
                hit.getJsonArray("highlights").forEach(range -> marked.add(snippet.substring(
                    ((JsonObject) range).getInteger("start"), ((JsonObject) range).getInteger("end")).toLowerCase()));
                assertEquals(Set.of(word, "blender"), marked);
                assertEquals("api", hit.getString("channel"));
                assertEquals(List.of(), ContractSchemas.componentViolations("SearchPage",
                    answers.get(5).bodyAsString()));
              });
              return null;
            }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void filtersByChannelCustomerAndTime(VertxTestContext test) {
    String word = uniqueWord();
    pushSearchable(word, List.of(
            contact("early-" + word + "@example.com", word + " january").put("receivedAt", "2026-01-10T10:00:00Z"),
            contact("late-" + word + "@example.com", word + " march").put("receivedAt", "2026-03-10T10:00:00+01:00")))
        .compose(ids -> customerOf("email:early-" + word + "@example.com").compose(early -> Future.all(List.of(
                searchWith(word, "&from=2026-02-01T00:00:00Z"), searchWith(word, "&to=2026-02-01T00:00:00Z"),
                searchWith(word, "&customerId=" + early.getString("id")), searchWith(word, "&channel=api"),
                searchWith(word, "&channel=email"), searchWith(word, "&from=2026-03-10T09:00:00Z&to=2026-03-10T09:00:00Z")))
            .map(all -> {
              List<HttpResponse<Buffer>> answers = all.list();
              test.verify(() -> {
                assertEquals(Set.of(ids.get(1)), messageIds(answers.get(0)), "from");
                assertEquals(Set.of(ids.get(0)), messageIds(answers.get(1)), "to");
                assertEquals(Set.of(ids.get(0)), messageIds(answers.get(2)), "customerId");
                assertEquals(Set.of(ids.get(0), ids.get(1)), messageIds(answers.get(3)), "its channel");
                assertEquals(Set.of(), messageIds(answers.get(4)), "another channel");
                assertEquals(Set.of(ids.get(1)), messageIds(answers.get(5)), "both ends are included");
                JsonObject late = answers.get(0).bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
                assertEquals("2026-03-10T09:00:00Z", late.getString("at"));
              });
              return null;
            })))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void pagesNewestFirstWithoutDuplicatesAndRefusesForeignCursors(VertxTestContext test) {
    String word = uniqueWord();
    List<JsonObject> contacts = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      contacts.add(contact("pages@example.com", word + " page item " + i)
          .put("receivedAt", "2026-05-0" + (i + 1) + "T12:00:00Z"));
    }
    List<String> seen = new ArrayList<>();
    pushSearchable(word, contacts)
        .compose(ids -> page(word, null, seen)
            .compose(v -> Future.all(searchWith(word, "&cursor=QUFBQQ"), searchWith(word, "&cursor=not%2Fa%2Bcursor"),
                searchWith(word, "&cursor=" + new org.crmhub.hub.search.SearchCursor(1, "a b").encode())))
            .map(refused -> {
              test.verify(() -> {
                List<String> newestFirst = new ArrayList<>(ids);
                java.util.Collections.reverse(newestFirst);
                assertEquals(newestFirst, seen, "every message once, newest first");
                for (int i = 0; i < 3; i++) {
                  assertProblem(refused.resultAt(i), 400);
                }
              });
              return null;
            }))
        .onComplete(test.succeedingThenComplete());
  }

  /** Reads pages of three until the last, collecting message ids; the last page has no cursor. */
  private Future<Void> page(String word, String cursor, List<String> seen) {
    if (seen.size() > 20) {
      return Future.failedFuture(new AssertionError("pages never end: " + seen));
    }
    return searchWith(word, "&limit=3" + (cursor == null ? "" : "&cursor=" + cursor)).compose(response -> {
      if (response.statusCode() != 200) {
        return Future.failedFuture(new AssertionError("page after " + cursor + ": " + response.bodyAsString()));
      }
      JsonObject body = response.bodyAsJsonObject();
      JsonArray items = body.getJsonArray("items");
      items.forEach(item -> seen.add(((JsonObject) item).getString("messageId")));
      String next = body.getString("nextCursor");
      if (next == null) {
        return Future.succeededFuture();
      }
      if (items.size() != 3) {
        return Future.failedFuture(new AssertionError("a page before the last is not full: " + body));
      }
      return page(word, next, seen);
    });
  }

  @Test
  void anyInputAnswersResultsOrAProblemNeverAnError(VertxTestContext test) {
    String word = uniqueWord();
    List<String> hostile = List.of("title:x AND (", "*", "**", "\"", "-", "- -", "-" + word, "(((((", "a~2^3 OR [a TO z]",
        "\\", "x\u0000y\u0007z", "\u202e\ufeff", "🙂", "<script>alert(1)</script>", "%00", "a".repeat(500),
        ("ab* ".repeat(100)).trim(), "\"" + "x ".repeat(200), "?", "NOT", "from:", "from:\"", "-from:", "from:(((",
        "from:*", "FROM:a:b:c", "from:" + "x".repeat(400), "title:x AND (" + word);
    pushSearchable(word, List.of(contact("hostile@example.com", word + " title:x and more")))
        .compose(ids -> {
          List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
          hostile.forEach(query -> answers.add(search(query)));
          answers.add(search(""));
          answers.add(search(" \t "));
          answers.add(search("a".repeat(5_000)));
          answers.add(hub.authorized(HttpMethod.GET, "/api/v1/search").send());
          return Future.all(answers).map(all -> {
            List<HttpResponse<Buffer>> responses = all.list();
            test.verify(() -> {
              for (int i = 0; i < hostile.size(); i++) {
                HttpResponse<Buffer> response = responses.get(i);
                int status = response.statusCode();
                assertTrue(status == 200 || status == 400, hostile.get(i) + " -> " + status + " " + response.bodyAsString());
                if (status == 400) {
                  assertProblem(response, 400);
                }
              }
              // Lucene syntax is plain text: its words are searched, and this message has them
              assertEquals(Set.of(ids.get(0)), messageIds(responses.get(hostile.size() - 1)));
              assertEquals(200, responses.get(0).statusCode());
              assertProblem(responses.get(1), 400);
              for (int i = hostile.size(); i < responses.size(); i++) {
                assertProblem(responses.get(i), 400);
              }
            });
            return null;
          });
        })
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void needsTheReadScope(VertxTestContext test) {
    hub.request(HttpMethod.GET, "/api/v1/search?q=anything").send()
        .onComplete(test.succeeding(response -> test.verify(() -> {
          assertProblem(response, 401);
          test.completeNow();
        })));
  }
}
