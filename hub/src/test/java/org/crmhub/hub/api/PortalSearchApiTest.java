package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.crmhub.hub.testing.ContractSchemas;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/** GET /api/v1/portal/accounts/{accountId}/search: a customer finds their own messages and nobody else's. */
class PortalSearchApiTest extends HubTestBase {

  private static final String PASSWORD = "correct horse battery";

  private HttpResponse<Buffer> portal(HttpMethod method, String path, JsonObject body) {
    String key = hub.hub().portalApiKey().await();
    var request = hub.request(method, path).bearerTokenAuthentication(key);
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  private HttpResponse<Buffer> portalSearch(String accountId, String q, String more) {
    return portal(HttpMethod.GET, "/api/v1/portal/accounts/" + accountId + "/search?q="
        + URLEncoder.encode(q, StandardCharsets.UTF_8) + more, null);
  }

  private String verifiedAccount(String email) {
    HttpResponse<Buffer> created = portal(HttpMethod.POST, "/api/v1/portal/accounts",
        new JsonObject().put("email", email).put("password", PASSWORD));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    HttpResponse<Buffer> verified = portal(HttpMethod.POST, "/api/v1/portal/verifications", new JsonObject()
        .put("token", created.bodyAsJsonObject().getString("token")).put("password", PASSWORD));
    assertEquals(200, verified.statusCode(), verified.bodyAsString());
    return verified.bodyAsJsonObject().getString("accountId");
  }

  /** What staff find (the whole index): answered as a future, so a waiting check can ask it from the event loop. */
  private Future<JsonArray> staffSearch(String q) {
    return hub.authorized(HttpMethod.GET, "/api/v1/search?limit=100&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))
        .send().map(found -> {
          assertEquals(200, found.statusCode(), found.bodyAsString());
          return found.bodyAsJsonObject().getJsonArray("items");
        });
  }

  private static Set<String> field(JsonArray items, String name) {
    Set<String> values = new HashSet<>();
    items.forEach(item -> values.add(((JsonObject) item).getString(name)));
    return values;
  }

  private static JsonArray items(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals(List.of(), ContractSchemas.componentViolations("PortalSearchPage", response.bodyAsString()));
    return response.bodyAsJsonObject().getJsonArray("items");
  }

  @Test
  void aCustomerFindsOnlyTheirOwnMessagesEvenForWordsOthersWroteAndWithACustomerId() {
    String word = "pw" + Long.toString(System.nanoTime(), 36);
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String annEmail = "ann-" + tag + "@example.org";
    String bobEmail = "bob-" + tag + "@example.org";
    List<JsonObject> contacts = List.of(
        TestHub.contact("ps-a1-" + tag, annEmail, word + " my kettle leaks"),
        TestHub.contact("ps-a2-" + tag, annEmail, word + " the kettle still leaks").put("receivedAt", "2026-01-02T10:00:00Z"),
        TestHub.contact("ps-b1-" + tag, bobEmail, word + " my kettle leaks too"));
    contacts.forEach(contact -> assertEquals(202, push(contact).await().statusCode()));
    Eventually.holds(vertx, 10_000, "all three are searchable",
        () -> staffSearch(word).map(found -> found.size() == 3)).await();
    String annCustomer = customerOf("email:" + annEmail).await().getString("id");
    String bobCustomer = customerOf("email:" + bobEmail).await().getString("id");
    JsonArray all = staffSearch(word).await();
    Set<String> annMessages = new HashSet<>();
    Set<String> annConversations = new HashSet<>();
    all.forEach(item -> {
      JsonObject hit = (JsonObject) item;
      if (annCustomer.equals(hit.getString("customerId"))) {
        annMessages.add(hit.getString("messageId"));
        annConversations.add(hit.getString("conversationId"));
      }
    });
    assertEquals(2, annMessages.size(), all.encodePrettily());
    // a staff note with the same word never reaches the customer, whatever the index holds
    String annConversation = annConversations.iterator().next();
    HttpResponse<Buffer> noted = hub.authorized(HttpMethod.POST, "/api/v1/conversations/" + annConversation + "/notes")
        .sendJsonObject(new JsonObject().put("text", word + " kettle: customer is a known complainer")).await();
    assertEquals(201, noted.statusCode(), noted.bodyAsString());

    String ann = verifiedAccount(annEmail);
    String bob = verifiedAccount(bobEmail);

    JsonArray annFound = items(portalSearch(ann, "kettle " + word, ""));
    assertEquals(annMessages, field(annFound, "messageId"));
    assertEquals(annConversations, field(annFound, "conversationId"));
    JsonObject first = annFound.getJsonObject(0);
    assertNull(first.getValue("customerId"), "no staff-only fields: " + first);
    assertNull(first.getValue("customerName"), "no staff-only fields: " + first);
    JsonObject range = first.getJsonArray("highlights").getJsonObject(0);
    assertFalse(first.getString("snippet").substring(range.getInteger("start"), range.getInteger("end")).isBlank());
    assertFalse(annFound.encode().contains("complainer"), "no note: " + annFound.encode());

    JsonArray bobFound = items(portalSearch(bob, word, ""));
    assertEquals(1, bobFound.size(), bobFound.encode());
    assertFalse(annMessages.contains(bobFound.getJsonObject(0).getString("messageId")));

    // asking for another customer is refused, not quietly answered with their messages or one's own
    HttpResponse<Buffer> asBob = portalSearch(ann, word, "&customerId=" + bobCustomer);
    assertProblem(asBob, 400);
    assertTrue(asBob.bodyAsString().contains("customerId"), asBob.bodyAsString());
    assertFalse(asBob.bodyAsString().contains(word + " my kettle leaks too"));

    // pages: one at a time, newest first, the cursor leads to the rest
    HttpResponse<Buffer> firstPage = portalSearch(ann, word, "&limit=1");
    JsonArray page1 = items(firstPage);
    String cursor = firstPage.bodyAsJsonObject().getString("nextCursor");
    assertNotNull(cursor, firstPage.bodyAsString());
    HttpResponse<Buffer> secondPage = portalSearch(ann, word, "&limit=1&cursor=" + cursor);
    JsonArray page2 = items(secondPage);
    Set<String> paged = new HashSet<>(field(page1, "messageId"));
    paged.addAll(field(page2, "messageId"));
    assertEquals(annMessages, paged);
    assertTrue(page1.getJsonObject(0).getString("at").compareTo(page2.getJsonObject(0).getString("at")) > 0);
    assertNull(secondPage.bodyAsJsonObject().getString("nextCursor"));
  }

  /**
   * A hub whose index is rebuilt from Redis indexes staff notes too (they are in the thread); the
   * portal's search still never answers one, nor names it.
   */
  @Test
  void aNoteInTheRebuiltIndexNeverReachesTheCustomer() throws Exception {
    String word = "pn" + Long.toString(System.nanoTime(), 36);
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String email = "nora-" + tag + "@example.org";
    assertEquals(202, push(TestHub.contact("pn-" + tag, email, word + " where is my parcel")).await().statusCode());
    Eventually.holds(vertx, 10_000, "the message is searchable",
        () -> staffSearch(word).map(found -> found.size() == 1)).await();
    String conversation = staffSearch(word).await().getJsonObject(0).getString("conversationId");
    HttpResponse<Buffer> noted = hub.authorized(HttpMethod.POST, "/api/v1/conversations/" + conversation + "/notes")
        .sendJsonObject(new JsonObject().put("text", word + " internal: refund was refused twice")).await();
    assertEquals(201, noted.statusCode(), noted.bodyAsString());
    String account = verifiedAccount(email);

    // a second hub with an empty search folder rebuilds its index from the conversations in Redis
    TestHub rebuilt = TestHub.deploy(vertx, TestHub.config(redis.url(), TestDirectories.create("portal-search")))
        .await();
    try {
      Eventually.holds(vertx, 20_000, "the rebuilt index holds the message and the note",
          () -> rebuilt.authorized(HttpMethod.GET, "/api/v1/search?q=" + word).send()
              .map(found -> found.bodyAsJsonObject().getJsonArray("items").size() == 2)).await();
      String key = rebuilt.hub().portalApiKey().await();
      HttpResponse<Buffer> found = rebuilt.request(HttpMethod.GET, "/api/v1/portal/accounts/" + account
          + "/search?q=" + word).bearerTokenAuthentication(key).send().await();
      JsonArray items = items(found);
      assertEquals(1, items.size(), found.bodyAsString());
      assertTrue(items.getJsonObject(0).getString("snippet").contains("where is my parcel"), found.bodyAsString());
      assertFalse(found.bodyAsString().contains("refused"), found.bodyAsString());
    } finally {
      rebuilt.undeploy().await();
    }
  }

  @Test
  void anAccountWithoutMessagesFindsNothingAndHostileInputIsAProblem() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String email = "new-" + tag + "@example.org";
    String account = verifiedAccount(email);
    // before their first contact there is no customer, so nothing of anyone's is searched
    assertEquals(0, items(portalSearch(account, "kettle", "")).size());
    assertProblem(portalSearch("acc_nobody", "kettle", ""), 404);
    pushAndWait(TestHub.contact("ps-new-" + tag, email, "my first kettle"), "email:" + email).await();
    assertProblem(portalSearch(account, "kettle", "&cursor=bm90LWEtY3Vyc29y"), 400);
    assertProblem(portal(HttpMethod.GET, "/api/v1/portal/accounts/" + account + "/search?q=", null), 400);
    assertProblem(portalSearch(account, "- \"\" *", ""), 400);
    assertProblem(portalSearch(account, "x".repeat(501), ""), 400);
  }
}
