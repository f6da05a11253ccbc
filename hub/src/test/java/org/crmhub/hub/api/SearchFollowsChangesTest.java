package org.crmhub.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/search over staff replies and notes, the conversation's status, tags and assignee,
 * the message's sentiment and sender, and the index following changes of them (a status change, a
 * corrected sentiment, a merge) through the events stream.
 */
class SearchFollowsChangesTest extends HubTestBase {

  private static String uniqueWord() {
    return "sf" + Long.toString(System.nanoTime(), 36);
  }

  private Future<HttpResponse<Buffer>> search(String query, String filters) {
    return hub.authorized(HttpMethod.GET, "/api/v1/search?limit=100&q="
        + URLEncoder.encode(query, StandardCharsets.UTF_8) + filters).send();
  }

  /** The hits by message id. */
  private Future<Map<String, JsonObject>> hits(String query, String filters) {
    return search(query, filters).map(response -> {
      assertEquals(200, response.statusCode(), response.bodyAsString());
      Map<String, JsonObject> hits = new HashMap<>();
      response.bodyAsJsonObject().getJsonArray("items")
          .forEach(item -> hits.put(((JsonObject) item).getString("messageId"), (JsonObject) item));
      return hits;
    });
  }

  private Future<Void> until(String what, String query, String filters, Predicate<Map<String, JsonObject>> holds) {
    return Eventually.holds(vertx, 10_000, what, () -> hits(query, filters).map(holds::test));
  }

  /** Pushes the contact and waits until {@code word} finds its message; answers that hit. */
  private Future<JsonObject> pushFound(String word, JsonObject contact) {
    return push(contact).compose(accepted -> {
      String messageId = accepted.bodyAsJsonObject().getString("contactId");
      return until("message " + messageId + " found", word, "", hits -> hits.containsKey(messageId))
          .compose(v -> hits(word, "")).map(hits -> hits.get(messageId));
    });
  }

  private static JsonObject contact(String email, String text) {
    return TestHub.contact("sf-" + UUID.randomUUID(), email, text);
  }

  private Future<HttpResponse<Buffer>> portal(HttpMethod method, String path, JsonObject body) {
    return hub.hub().portalApiKey().compose(key -> hub.request(method, path).bearerTokenAuthentication(key)
        .sendJsonObject(body));
  }

  @Test
  void repliesAndNotesAreFoundAndSayWhoWroteThem(VertxTestContext test) {
    String word = uniqueWord();
    String email = "reply-" + word + "@example.com";
    String password = "correct horse battery";
    String[] ids = new String[4]; // conversation, message, reply, note
    // a portal request: its customer has a portal account, somewhere a reply can go
    portal(HttpMethod.POST, "/api/v1/portal/accounts", new JsonObject().put("email", email).put("password", password))
        .compose(created -> portal(HttpMethod.POST, "/api/v1/portal/verifications", new JsonObject()
            .put("token", created.bodyAsJsonObject().getString("token")).put("password", password)))
        .compose(verified -> portal(HttpMethod.POST, "/api/v1/portal/accounts/"
            + verified.bodyAsJsonObject().getString("accountId") + "/requests",
            new JsonObject().put("subject", "Late parcel").put("text", word + " my parcel is late")))
        .compose(opened -> {
          test.verify(() -> assertEquals(202, opened.statusCode(), opened.bodyAsString()));
          ids[0] = opened.bodyAsJsonObject().getString("conversationId");
          return until("the request is found", word, "", hits -> hits.size() == 1).compose(v -> hits(word, ""));
        })
        .compose(found -> {
          ids[1] = found.keySet().iterator().next();
          return hub.authorized(HttpMethod.POST, "/api/v1/conversations/" + ids[0] + "/replies")
              .sendJsonObject(new JsonObject().put("text", word + " we shipped it today"));
        })
        .compose(reply -> {
          test.verify(() -> assertEquals(201, reply.statusCode(), reply.bodyAsString()));
          ids[2] = reply.bodyAsJsonObject().getString("id");
          return hub.authorized(HttpMethod.POST, "/api/v1/conversations/" + ids[0] + "/notes")
              .sendJsonObject(new JsonObject().put("text", word + " customer called twice about it"));
        })
        .compose(note -> {
          test.verify(() -> assertEquals(201, note.statusCode(), note.bodyAsString()));
          ids[3] = note.bodyAsJsonObject().getString("id");
          return until("the reply and the note are found", word, "", hits -> hits.size() == 3);
        })
        .compose(v -> Future.all(List.of(hits(word, ""), hits(word, "&author=staff"), hits(word, "&author=customer"),
            hits(word, "&kind=note"), hits(word, "&kind=reply"), hits("shipped " + word, ""))))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          Map<String, JsonObject> every = all.resultAt(0);
          JsonObject message = every.get(ids[1]);
          JsonObject reply = every.get(ids[2]);
          JsonObject note = every.get(ids[3]);
          assertEquals(List.of("customer", "message"), List.of(message.getString("author"), message.getString("kind")));
          assertEquals(List.of("staff", "reply"), List.of(reply.getString("author"), reply.getString("kind")));
          assertEquals(List.of("staff", "note"), List.of(note.getString("author"), note.getString("kind")));
          assertEquals("api-key:key_bootstrap", reply.getString("sentBy"));
          assertEquals("api-key:key_bootstrap", note.getString("sentBy"));
          assertNull(message.getString("sentBy"));
          assertNotNull(message.getString("sentiment"), "a customer's message has a sentiment");
          assertNull(reply.getString("sentiment"), "staff messages have none");
          assertEquals(ids[0], reply.getString("conversationId"));
          assertEquals(message.getString("customerId"), note.getString("customerId"));
          assertEquals(Set.of(ids[2], ids[3]), ((Map<?, ?>) all.resultAt(1)).keySet(), "author=staff");
          assertEquals(Set.of(ids[1]), ((Map<?, ?>) all.resultAt(2)).keySet(), "author=customer");
          assertEquals(Set.of(ids[3]), ((Map<?, ?>) all.resultAt(3)).keySet(), "kind=note");
          assertEquals(Set.of(ids[2]), ((Map<?, ?>) all.resultAt(4)).keySet(), "kind=reply");
          assertEquals(Set.of(ids[2]), ((Map<?, ?>) all.resultAt(5)).keySet(), "a reply's words");
          test.completeNow();
        })));
  }

  @Test
  void statusTagsAndAssigneeFollowTheConversationAndANewMessageReopensIt(VertxTestContext test) {
    String word = uniqueWord();
    String email = "status-" + word + "@example.com";
    String thread = "thread-" + word;
    String[] ids = new String[3]; // conversation, first message, second message
    pushFound(word, contact(email, word + " the invoice is wrong").put("threadKey", thread))
        .compose(first -> {
          ids[0] = first.getString("conversationId");
          ids[1] = first.getString("messageId");
          test.verify(() -> {
            assertEquals("open", first.getString("status"));
            assertEquals(List.of(), first.getJsonArray("tags").getList());
            assertNull(first.getString("assignee"));
          });
          return Future.all(hits(word, "&status=open"), hits(word, "&status=closed"), hits(word, "&assignee=none"));
        })
        .compose(before -> {
          test.verify(() -> {
            assertEquals(Set.of(ids[1]), ((Map<?, ?>) before.resultAt(0)).keySet(), "open");
            assertEquals(Set.of(), ((Map<?, ?>) before.resultAt(1)).keySet(), "not closed");
            assertEquals(Set.of(ids[1]), ((Map<?, ?>) before.resultAt(2)).keySet(), "unassigned");
          });
          return hub.authorized(HttpMethod.PATCH, "/api/v1/conversations/" + ids[0])
              .sendJsonObject(new JsonObject().put("status", "closed").put("assignee", "ann")
                  .put("tags", new JsonArray().add("vip").add("billing")));
        })
        .compose(patched -> {
          test.verify(() -> assertEquals(200, patched.statusCode(), patched.bodyAsString()));
          return until("closing is searchable", word, "&status=closed", hits -> hits.containsKey(ids[1]));
        })
        .compose(v -> Future.all(List.of(hits(word, "&status=closed"), hits(word, "&status=open"),
            hits(word, "&assignee=ann"), hits(word, "&assignee=none"), hits(word, "&tag=vip"), hits(word, "&tag=other"),
            hits(word, "&status=closed&assignee=ann&tag=billing"))))
        .compose(closed -> {
          test.verify(() -> {
            JsonObject hit = ((Map<String, JsonObject>) closed.resultAt(0)).get(ids[1]);
            assertEquals("closed", hit.getString("status"));
            assertEquals("ann", hit.getString("assignee"));
            assertEquals(Set.of("vip", "billing"), new HashSet<>(hit.getJsonArray("tags").getList()));
            assertEquals(Set.of(), ((Map<?, ?>) closed.resultAt(1)).keySet(), "no longer open");
            assertEquals(Set.of(ids[1]), ((Map<?, ?>) closed.resultAt(2)).keySet(), "assigned to ann");
            assertEquals(Set.of(), ((Map<?, ?>) closed.resultAt(3)).keySet(), "no longer unassigned");
            assertEquals(Set.of(ids[1]), ((Map<?, ?>) closed.resultAt(4)).keySet(), "tagged");
            assertEquals(Set.of(), ((Map<?, ?>) closed.resultAt(5)).keySet(), "another tag");
            assertEquals(Set.of(ids[1]), ((Map<?, ?>) closed.resultAt(6)).keySet(), "all at once");
          });
          // the customer writes again on the thread: the conversation opens again, with no event of its own
          return pushFound(word, contact(email, word + " any news?").put("threadKey", thread));
        })
        .compose(second -> {
          ids[2] = second.getString("messageId");
          test.verify(() -> assertEquals(ids[0], second.getString("conversationId"), "the same conversation"));
          return until("the reopened conversation's messages are all open", word, "&status=open",
              hits -> hits.keySet().equals(Set.of(ids[1], ids[2])));
        })
        .compose(v -> hits(word, "&status=closed"))
        .onComplete(test.succeeding(closed -> test.verify(() -> {
          assertEquals(Set.of(), closed.keySet());
          test.completeNow();
        })));
  }

  @Test
  void aCorrectedSentimentFiltersByTheCorrection(VertxTestContext test) {
    String word = uniqueWord();
    String[] ids = new String[2];
    pushFound(word, contact("mood-" + word + "@example.com", word + " I love it, thank you so much, wonderful!"))
        .compose(hit -> {
          ids[0] = hit.getString("conversationId");
          ids[1] = hit.getString("messageId");
          test.verify(() -> assertEquals("positive", hit.getString("sentiment")));
          return hits(word, "&sentiment=negative");
        })
        .compose(negativeBefore -> {
          test.verify(() -> assertEquals(Set.of(), negativeBefore.keySet()));
          return hub.authorized(HttpMethod.PUT, "/api/v1/conversations/" + ids[0] + "/messages/" + ids[1] + "/sentiment")
              .sendJsonObject(new JsonObject().put("label", "negative"));
        })
        .compose(corrected -> {
          test.verify(() -> assertEquals(200, corrected.statusCode(), corrected.bodyAsString()));
          return until("the correction is searchable", word, "&sentiment=negative", hits -> hits.containsKey(ids[1]));
        })
        .compose(v -> Future.all(hits(word, "&sentiment=positive"), hits(word, "&sentiment=negative")))
        .onComplete(test.succeeding(after -> test.verify(() -> {
          assertEquals(Set.of(), ((Map<?, ?>) after.resultAt(0)).keySet(), "no longer positive");
          assertEquals("negative", ((Map<String, JsonObject>) after.resultAt(1)).get(ids[1]).getString("sentiment"));
          test.completeNow();
        })));
  }

  @Test
  void aMergeMovesMessagesToTheSurvivorAndASplitBack(VertxTestContext test) {
    String word = uniqueWord();
    String[] ids = new String[5]; // survivor, absorbed, survivor's message, absorbed's message, merge
    pushFound(word, contact("keep-" + word + "@example.com", word + " first address").put("from",
            new JsonObject().put("email", "keep-" + word + "@example.com").put("name", "Kim Keep")))
        .compose(kept -> {
          ids[0] = kept.getString("customerId");
          ids[2] = kept.getString("messageId");
          return pushFound(word, contact("gone-" + word + "@example.com", word + " second address"));
        })
        .compose(absorbed -> {
          ids[1] = absorbed.getString("customerId");
          ids[3] = absorbed.getString("messageId");
          return hub.authorized(HttpMethod.POST, "/api/v1/customers/" + ids[0] + "/merge")
              .sendJsonObject(new JsonObject().put("otherCustomerId", ids[1]));
        })
        .compose(merged -> {
          test.verify(() -> assertEquals(200, merged.statusCode(), merged.bodyAsString()));
          ids[4] = merged.bodyAsJsonObject().getJsonObject("merge").getString("id");
          return until("the absorbed customer's message moved", word, "&customerId=" + ids[0],
              hits -> hits.keySet().equals(Set.of(ids[2], ids[3])));
        })
        .compose(v -> Future.all(hits(word, "&customerId=" + ids[1]), hits("kim " + word, "")))
        .compose(afterMerge -> {
          test.verify(() -> {
            assertEquals(Set.of(), ((Map<?, ?>) afterMerge.resultAt(0)).keySet(), "nothing left with the absorbed");
            Map<String, JsonObject> byName = afterMerge.resultAt(1);
            assertEquals(Set.of(ids[2], ids[3]), byName.keySet(), "found by the survivor's name");
            assertEquals("Kim Keep", byName.get(ids[3]).getString("customerName"));
          });
          return hub.authorized(HttpMethod.POST, "/api/v1/customers/" + ids[0] + "/split")
              .sendJsonObject(new JsonObject().put("mergeId", ids[4]));
        })
        .compose(split -> {
          test.verify(() -> assertEquals(200, split.statusCode(), split.bodyAsString()));
          return until("the split moved it back", word, "&customerId=" + ids[1],
              hits -> hits.keySet().equals(Set.of(ids[3])));
        })
        .compose(v -> hits(word, "&customerId=" + ids[0]))
        .onComplete(test.succeeding(survivor -> test.verify(() -> {
          assertEquals(Set.of(ids[2]), survivor.keySet());
          test.completeNow();
        })));
  }

  @Test
  @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
  void aMergeOfACustomerWithManyConversationsMovesThemAll(VertxTestContext test) {
    String word = uniqueWord();
    String absorbedEmail = "many-" + word + "@example.com";
    int conversations = 107; // three steps of the index's update (SearchUpdates: 50 conversations a step)
    List<Future<HttpResponse<Buffer>>> pushed = new ArrayList<>();
    for (int i = 0; i < conversations; i++) {
      pushed.add(push(contact(absorbedEmail, word + " conversation " + i).put("threadKey", word + "-" + i)));
    }
    String[] customers = new String[2]; // survivor, absorbed
    long[] mergedAt = new long[1];
    Future.all(pushed)
        .compose(v -> Eventually.holds(vertx, 30_000, "every conversation is searchable",
            () -> count(word, "", null, 0).map(found -> found == conversations)))
        .compose(v -> pushFound(word, contact("few-" + word + "@example.com", word + " the survivor")))
        .compose(survivor -> {
          customers[0] = survivor.getString("customerId");
          return customerOf("email:" + absorbedEmail);
        })
        .compose(absorbed -> {
          // a message is published after its conversation joined its customer's: all are there to merge
          customers[1] = absorbed.getString("id");
          mergedAt[0] = System.nanoTime();
          return hub.authorized(HttpMethod.POST, "/api/v1/customers/" + customers[0] + "/merge")
              .sendJsonObject(new JsonObject().put("otherCustomerId", customers[1]));
        })
        .compose(merged -> {
          test.verify(() -> assertEquals(200, merged.statusCode(), merged.bodyAsString()));
          return Eventually.holds(vertx, 20_000, "nothing is left with the absorbed customer",
              () -> search(word, "&customerId=" + customers[1]).map(response ->
                  response.bodyAsJsonObject().getJsonArray("items").isEmpty()));
        })
        .compose(v -> count(word, "&customerId=" + customers[0], null, 0))
        .onComplete(test.succeeding(moved -> test.verify(() -> {
          assertEquals(conversations + 1, moved, "every message is the survivor's");
          System.out.printf("search: a merge of %d conversations reached the index in %d ms%n", conversations,
              (System.nanoTime() - mergedAt[0]) / 1_000_000);
          test.completeNow();
        })));
  }

  /** How many hits the search has, page by page. */
  private Future<Integer> count(String word, String filters, String cursor, int sofar) {
    return search(word, filters + (cursor == null ? "" : "&cursor=" + cursor)).compose(response -> {
      JsonObject body = response.bodyAsJsonObject();
      int total = sofar + body.getJsonArray("items").size();
      String next = body.getString("nextCursor");
      return next == null ? Future.succeededFuture(total) : count(word, filters, next, total);
    });
  }

  @Test
  void fromFindsTheSenderExactly(VertxTestContext test) {
    String word = uniqueWord();
    String ann = "Ann." + word + "@Example.com";
    List<String> ids = new ArrayList<>();
    pushFound(word, contact(ann, word + " from ann"))
        .compose(hit -> {
          ids.add(hit.getString("messageId"));
          return pushFound(word, contact("bob." + word + "@example.com", word + " from bob, cc ann." + word
              + "@example.com"));
        })
        .compose(hit -> {
          ids.add(hit.getString("messageId"));
          return pushFound(word, TestHub.contact("sf-" + UUID.randomUUID(), null, word + " from a phone")
              .put("from", new JsonObject().put("phone", "+4930111222")));
        })
        .compose(hit -> {
          ids.add(hit.getString("messageId"));
          return Future.all(List.of(hits("from:" + ann.toUpperCase(), ""), hits(word + " from:ann." + word + "@example.co", ""),
              hits(word + " -from:" + ann, ""), hits("from:+4930111222 " + word, ""),
              hits("from:\"email:" + ann + "\"", ""), search("from:", ""), search("-from:" + ann, ""),
              search("from: " + word, "")));
        })
        .onComplete(test.succeeding(all -> test.verify(() -> {
          assertEquals(Set.of(ids.get(0)), ((Map<?, ?>) all.resultAt(0)).keySet(), "exactly, case aside");
          assertEquals(Set.of(), ((Map<?, ?>) all.resultAt(1)).keySet(), "never a part of it");
          assertEquals(Set.of(ids.get(1), ids.get(2)), ((Map<?, ?>) all.resultAt(2)).keySet(), "excluded");
          assertEquals(Set.of(ids.get(2)), ((Map<?, ?>) all.resultAt(3)).keySet(), "a phone number");
          assertEquals(Set.of(ids.get(0)), ((Map<?, ?>) all.resultAt(4)).keySet(), "quoted, as an identity key");
          HttpResponse<Buffer> bare = all.resultAt(5);
          assertEquals(200, bare.statusCode(), "'from:' alone is the word 'from'");
          IngestApiTest.assertProblem(all.resultAt(6), 400);
          HttpResponse<Buffer> plain = all.resultAt(7);
          assertEquals(3, plain.bodyAsJsonObject().getJsonArray("items").size(), "'from' is in all three");
          test.completeNow();
        })));
  }
}
