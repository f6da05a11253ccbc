package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Possible duplicates: an identity claimed by two customers (strong), the same name at the same
 * email domain (weak, never at free mail nor for a name too common there), dismissal, merge,
 * paging. Every answer is checked against the contract by the test hub.
 */
class DuplicateCustomersApiTest extends HubTestBase {

  private static JsonObject contact(String externalId, String name, JsonObject from) {
    return new JsonObject().put("channel", "api").put("externalId", externalId)
        .put("from", name == null ? from : from.copy().put("name", name)).put("text", "Hello there");
  }

  private JsonObject filed(String externalId, String name, String email) {
    return pushAndWait(contact(externalId, name, new JsonObject().put("email", email)), "email:" + email).await();
  }

  private JsonObject suggestionsOf(String customerId) {
    HttpResponse<Buffer> page = hub.authorized(HttpMethod.GET, "/api/v1/duplicate-customers?customerId=" + customerId)
        .send().await();
    assertEquals(200, page.statusCode(), page.bodyAsString());
    return page.bodyAsJsonObject();
  }

  private static Set<String> customerIds(JsonObject suggestion) {
    Set<String> ids = new HashSet<>();
    suggestion.getJsonArray("customers").forEach(customer -> ids.add(((JsonObject) customer).getString("id")));
    return ids;
  }

  private HttpResponse<Buffer> dismiss(String customerId, String otherId) {
    return hub.authorized(HttpMethod.POST, "/api/v1/duplicate-customers/dismissals")
        .sendJsonObject(new JsonObject().put("customerId", customerId).put("otherCustomerId", otherId)).await();
  }

  @Test
  void anIdentityClaimedByTwoCustomersIsAStrongSuggestionUntilDismissed() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String email = "ann-" + tag + "@shop-" + tag + ".example";
    String phone = "+4930" + (1000000 + Math.abs(tag.hashCode() % 8999999));
    JsonObject byMail = filed("mail-" + tag, "Ann Lee", email);
    JsonObject byPhone = pushAndWait(contact("call-" + tag, null, new JsonObject().put("phone", phone)), "phone:" + phone).await();
    assertTrue(suggestionsOf(byMail.getString("id")).getJsonArray("items").isEmpty(), "nothing links them yet");

    // one contact names both: the email's customer gets it, the phone stays with its own
    pushAndWait(contact("both-" + tag, "Ann Lee", new JsonObject().put("email", email).put("phone", phone)),
        "email:" + email).await();

    JsonArray items = suggestionsOf(byMail.getString("id")).getJsonArray("items");
    assertEquals(1, items.size(), items.encodePrettily());
    JsonObject suggestion = items.getJsonObject(0);
    assertEquals(Set.of(byMail.getString("id"), byPhone.getString("id")), customerIds(suggestion));
    assertEquals("strong", suggestion.getString("strength"));
    JsonObject reason = suggestion.getJsonArray("reasons").getJsonObject(0);
    assertEquals("same-identity", reason.getString("kind"));
    assertEquals(byPhone.getJsonArray("identities").getJsonObject(0).getString("identity"), reason.getString("identity"));
    assertTrue(reason.getString("why").contains(reason.getString("identity")), reason.encode());
    assertEquals(items, suggestionsOf(byPhone.getString("id")).getJsonArray("items"), "both sides see the pair");
    assertTrue(hub.authorized(HttpMethod.GET, "/api/v1/duplicate-customers?limit=100").send().await().bodyAsJsonObject()
        .getJsonArray("items").stream().anyMatch(item -> suggestion.getString("id").equals(((JsonObject) item).getString("id"))),
        "the unfiltered list has it too (strong ones come first)");

    assertEquals(204, dismiss(byPhone.getString("id"), byMail.getString("id")).statusCode());
    assertTrue(suggestionsOf(byMail.getString("id")).getJsonArray("items").isEmpty(), "dismissed");
    pushAndWait(contact("again-" + tag, "Ann Lee", new JsonObject().put("email", email).put("phone", phone)),
        "email:" + email).await();
    assertTrue(suggestionsOf(byMail.getString("id")).getJsonArray("items").isEmpty(), "and not suggested again");
  }

  @Test
  void theSameNameAtTheSameCompanyDomainIsAWeakSuggestionAndAMergeSettlesIt() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String domain = "chen-" + tag + ".example";
    JsonObject first = filed("rc1-" + tag, "Robert Chen", "robert@" + domain);
    JsonObject second = filed("rc2-" + tag, "robert  CHEN", "r.chen@" + domain);
    JsonObject otherName = filed("mc-" + tag, "Mary Chen", "mary@" + domain);
    JsonObject freeMailOne = filed("g1-" + tag, "Gus Free " + tag, "gus1-" + tag + "@gmail.com");
    JsonObject freeMailTwo = filed("g2-" + tag, "Gus Free " + tag, "gus2-" + tag + "@gmail.com");

    JsonArray items = suggestionsOf(first.getString("id")).getJsonArray("items");
    assertEquals(1, items.size(), items.encodePrettily());
    JsonObject suggestion = items.getJsonObject(0);
    assertEquals(Set.of(first.getString("id"), second.getString("id")), customerIds(suggestion));
    assertEquals("weak", suggestion.getString("strength"));
    JsonObject reason = suggestion.getJsonArray("reasons").getJsonObject(0);
    assertEquals("same-name-and-domain", reason.getString("kind"));
    assertEquals(domain, reason.getString("domain"));
    assertTrue(reason.getString("why").contains(domain), reason.encode());
    assertTrue(suggestionsOf(otherName.getString("id")).getJsonArray("items").isEmpty(), "another name is no hint");
    assertTrue(suggestionsOf(freeMailOne.getString("id")).getJsonArray("items").isEmpty(), "free mail says nothing");
    assertTrue(suggestionsOf(freeMailTwo.getString("id")).getJsonArray("items").isEmpty(), "free mail says nothing");

    HttpResponse<Buffer> merged = hub.authorized(HttpMethod.POST, "/api/v1/customers/" + first.getString("id") + "/merge")
        .sendJsonObject(new JsonObject().put("otherCustomerId", second.getString("id"))).await();
    assertEquals(200, merged.statusCode(), merged.bodyAsString());
    assertTrue(suggestionsOf(first.getString("id")).getJsonArray("items").isEmpty(), "the merge settled the pair");
    assertTrue(suggestionsOf(second.getString("id")).getJsonArray("items").isEmpty());

    // a new Robert Chen at that domain pairs with the survivor only, not with the merged-away record
    JsonObject third = filed("rc3-" + tag, "Robert Chen", "bob@" + domain);
    JsonArray thirds = suggestionsOf(third.getString("id")).getJsonArray("items");
    assertEquals(1, thirds.size(), thirds.encodePrettily());
    assertEquals(Set.of(first.getString("id"), third.getString("id")), customerIds(thirds.getJsonObject(0)));
  }

  @Test
  void aNameToldByALaterContactPairsTheCustomerThen() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String domain = "late-" + tag + ".example";
    JsonObject named = filed("ln1-" + tag, "Lena North", "lena@" + domain);
    JsonObject unnamed = filed("ln2-" + tag, null, "l.north@" + domain);
    assertTrue(suggestionsOf(named.getString("id")).getJsonArray("items").isEmpty(), "no name yet, no hint");

    // the address is linked already; its customer learns the name only now
    filed("ln3-" + tag, "Lena North", "l.north@" + domain);
    JsonArray items = suggestionsOf(named.getString("id")).getJsonArray("items");
    assertEquals(1, items.size(), items.encodePrettily());
    assertEquals(Set.of(named.getString("id"), unnamed.getString("id")), customerIds(items.getJsonObject(0)));
  }

  @Test
  void aNameMoreThanTwentyRecordsShareAtADomainSuggestsNothing() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String domain = "big-" + tag + ".example";
    JsonObject first = filed("jd0-" + tag, "John Smith", "john0@" + domain);
    filed("jd1-" + tag, "John Smith", "john1@" + domain);
    assertEquals(1, suggestionsOf(first.getString("id")).getJsonArray("items").size());

    List<Future<JsonObject>> more = new ArrayList<>();
    IntStream.rangeClosed(2, 19).forEach(i -> more.add(pushAndWait(contact("jd" + i + "-" + tag, "John Smith",
        new JsonObject().put("email", "john" + i + "@" + domain)), "email:john" + i + "@" + domain)));
    Future.all(more).await();
    assertEquals(19, suggestionsOf(first.getString("id")).getJsonArray("items").size(), "20 records: still suggested");

    JsonObject twentyFirst = filed("jd20-" + tag, "John Smith", "john20@" + domain);
    assertTrue(suggestionsOf(first.getString("id")).getJsonArray("items").isEmpty(), "21 records: too common");
    assertTrue(suggestionsOf(twentyFirst.getString("id")).getJsonArray("items").isEmpty());
  }

  @Test
  void pagesFollowTheCursorToTheEndWithoutRepeats() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String domain = "pages-" + tag + ".example";
    JsonObject first = filed("p0-" + tag, "Pat Page", "pat0@" + domain);
    for (int i = 1; i <= 4; i++) {
      filed("p" + i + "-" + tag, "Pat Page", "pat" + i + "@" + domain);
    }
    Set<String> seen = new HashSet<>();
    String cursor = null;
    for (int page = 0; page < 10; page++) {
      HttpResponse<Buffer> response = hub.authorized(HttpMethod.GET, "/api/v1/duplicate-customers?limit=3&customerId="
          + first.getString("id") + (cursor == null ? "" : "&cursor=" + cursor)).send().await();
      assertEquals(200, response.statusCode(), response.bodyAsString());
      response.bodyAsJsonObject().getJsonArray("items")
          .forEach(item -> assertTrue(seen.add(((JsonObject) item).getString("id")), "no pair twice"));
      cursor = response.bodyAsJsonObject().getString("nextCursor");
      if (cursor == null) {
        break;
      }
    }
    assertNull(cursor, "the end is reached");
    assertEquals(4, seen.size());
    assertProblem(hub.authorized(HttpMethod.GET, "/api/v1/duplicate-customers?cursor=not-a-cursor").send().await(), 400);
  }

  @Test
  void dismissingNeedsTwoExistingCustomers() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    JsonObject one = filed("d1-" + tag, "Dee Smith", "dee-" + tag + "@example.org");
    assertProblem(dismiss(one.getString("id"), "cu_unknown"), 404);
    assertProblem(dismiss(one.getString("id"), one.getString("id")), 400);
    assertProblem(hub.authorized(HttpMethod.POST, "/api/v1/duplicate-customers/dismissals")
        .sendJsonObject(new JsonObject().put("customerId", one.getString("id"))).await(), 400);
  }
}
