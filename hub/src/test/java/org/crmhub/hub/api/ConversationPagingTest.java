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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/**
 * A long thread read a page at a time: the conversation shows its newest messages and says how
 * many come before them; pages before a message lead back to the first, and together they are the
 * whole thread in order, notes included.
 */
class ConversationPagingTest extends HubTestBase {

  private static final int CONTACTS = 7;

  @Test
  void pagesBeforeTheNewestLeadBackThroughTheWholeThread(VertxTestContext test) {
    String email = "paging-" + UUID.randomUUID() + "@example.com";
    String[] conversationId = new String[1];
    List<String> walked = new ArrayList<>();
    Future<JsonObject> filed = Future.succeededFuture();
    for (int i = 0; i < CONTACTS; i++) {
      JsonObject contact = TestHub.contact("paging-" + UUID.randomUUID(), email, "Thanks, message " + i + " is great");
      filed = filed.compose(v -> pushAndWait(contact, "email:" + email));
    }
    filed
        .compose(customer -> {
          conversationId[0] = customer.getJsonArray("conversations").getJsonObject(0).getString("id");
          return hub.authorized(HttpMethod.POST, path(conversationId[0], "/notes"))
              .sendJsonObject(new JsonObject().put("text", "called them back"));
        })
        .compose(note -> getJson(path(conversationId[0], "")))
        .compose(whole -> get(path(conversationId[0], "?messages=3")).compose(newest -> {
          JsonArray all = whole.getJsonArray("messages");
          JsonObject shown = newest.bodyAsJsonObject();
          test.verify(() -> {
            assertEquals(CONTACTS + 1, all.size(), "seven messages and the note");
            assertEquals(0, whole.getInteger("olderMessages"));
            assertEquals(ids(all).subList(CONTACTS - 2, CONTACTS + 1), ids(shown.getJsonArray("messages")));
            assertEquals(CONTACTS - 2, shown.getInteger("olderMessages"));
            assertEquals("internal", shown.getJsonArray("messages").getJsonObject(2).getString("direction"));
          });
          walked.addAll(ids(shown.getJsonArray("messages")));
          return walkBack(conversationId[0], walked, shown.getInteger("olderMessages"))
              .map(v -> ids(all));
        }))
        .compose(whole -> {
          test.verify(() -> assertEquals(whole, walked, "the pages, back to the first, are the whole thread"));
          String first = walked.get(0);
          return Future.all(
              get(path(conversationId[0], "/messages?before=" + first)),
              get(path(conversationId[0], "/messages?before=ct_not-in-this-thread")),
              get(path(conversationId[0], "/messages?before=" + first + "&limit=0")),
              get(path(conversationId[0], "/messages")),
              get(path(conversationId[0], "?messages=1001")),
              get(path("cv_no-such-conversation", "/messages?before=" + first)));
        })
        .onComplete(test.succeeding(answers -> test.verify(() -> {
          HttpResponse<Buffer> beforeFirst = answers.resultAt(0);
          assertEquals(200, beforeFirst.statusCode());
          assertEquals(new JsonObject().put("olderMessages", 0).put("items", new JsonArray()),
              beforeFirst.bodyAsJsonObject());
          assertProblem(answers.resultAt(1), 404);
          assertProblem(answers.resultAt(2), 400);
          assertProblem(answers.resultAt(3), 400);
          assertProblem(answers.resultAt(4), 400);
          assertProblem(answers.resultAt(5), 404);
          assertTrue(hub.contractViolations().isEmpty(), hub.contractViolations().toString());
          test.completeNow();
        })));
  }

  /** Pages of two back from the first id walked, each put in front, until none are older. */
  private Future<Void> walkBack(String conversationId, List<String> walked, int older) {
    if (older == 0) {
      return Future.succeededFuture();
    }
    return get(path(conversationId, "/messages?limit=2&before=" + walked.get(0))).compose(page -> {
      JsonObject body = page.bodyAsJsonObject();
      List<String> items = ids(body.getJsonArray("items"));
      assertEquals(Math.min(2, older), items.size(), body.encode());
      assertEquals(older - items.size(), body.getInteger("olderMessages"), body.encode());
      walked.addAll(0, items);
      return walkBack(conversationId, walked, body.getInteger("olderMessages"));
    });
  }

  private Future<HttpResponse<Buffer>> get(String path) {
    return hub.authorized(HttpMethod.GET, path).send();
  }

  private static String path(String conversationId, String rest) {
    return "/api/v1/conversations/" + conversationId + rest;
  }

  private static List<String> ids(JsonArray messages) {
    return messages.stream().map(message -> ((JsonObject) message).getString("id")).toList();
  }
}
