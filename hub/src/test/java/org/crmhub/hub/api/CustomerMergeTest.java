package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.UUID;
import java.util.stream.Collectors;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/** Merge two customers, see who owns what and why, then split them back exactly. */
class CustomerMergeTest extends HubTestBase {

  @Test
  void mergeThenSplitRestoresBothCustomersExactly(VertxTestContext test) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String emailIdentity = "email:ann-" + tag + "@example.com";
    String phone = "+4930" + (1000000 + Math.abs(tag.hashCode() % 8999999));
    JsonObject mail = TestHub.contact("mail-" + tag, "ann-" + tag + "@example.com", "Great, thanks!");
    JsonObject call = new JsonObject().put("channel", "phone").put("externalId", "call-" + tag)
        .put("from", new JsonObject().put("phone", phone)).put("text", "Call me back please");
    JsonObject[] before = new JsonObject[2];
    String[] mergeId = new String[1];
    pushAndWait(mail, emailIdentity)
        .compose(ann -> pushAndWait(call, "phone:" + phone).map(caller -> {
          before[0] = ann;
          before[1] = caller;
          test.verify(() -> assertTrue(!ann.getString("id").equals(caller.getString("id"))));
          return caller;
        }))
        .compose(caller -> hub.authorized(HttpMethod.POST, "/api/v1/customers/" + before[0].getString("id") + "/merge")
            .sendJsonObject(new JsonObject().put("otherCustomerId", caller.getString("id"))
                .put("reason", "same person, confirmed on the phone")))
        .compose(merged -> {
          JsonObject body = merged.bodyAsJsonObject();
          test.verify(() -> {
            assertEquals(200, merged.statusCode(), merged.bodyAsString());
            JsonObject customer = body.getJsonObject("customer");
            assertEquals(2, customer.getJsonArray("identities").size());
            assertEquals(2, customer.getJsonArray("conversations").size());
            JsonObject moved = identity(customer, "phone:" + phone);
            assertEquals("merge", moved.getJsonObject("provenance").getString("rule"));
            assertEquals("api-key:key_bootstrap", moved.getJsonObject("provenance").getString("actor"));
            assertEquals("same person, confirmed on the phone", moved.getJsonObject("provenance").getString("reason"));
            assertEquals(2, customer.getJsonObject("sentimentTrend").getJsonArray("points").size());
          });
          mergeId[0] = body.getJsonObject("merge").getString("id");
          return customerOf("phone:" + phone).compose(owner -> getJson("/api/v1/customers/" + before[1].getString("id"))
              .map(absorbed -> {
                test.verify(() -> {
                  assertEquals(before[0].getString("id"), owner.getString("id"), "the phone now finds Ann");
                  assertEquals(before[0].getString("id"), absorbed.getString("mergedInto"));
                });
                return absorbed;
              }));
        })
        .compose(v -> hub.authorized(HttpMethod.POST, "/api/v1/customers/" + before[0].getString("id") + "/merge")
            .sendJsonObject(new JsonObject().put("otherCustomerId", before[1].getString("id"))))
        .compose(again -> {
          test.verify(() -> assertProblem(again, 409));
          return hub.authorized(HttpMethod.POST, "/api/v1/customers/" + before[0].getString("id") + "/split")
              .sendJsonObject(new JsonObject().put("mergeId", mergeId[0]).put("reason", "different people"));
        })
        .compose(split -> {
          test.verify(() -> {
            assertEquals(200, split.statusCode(), split.bodyAsString());
            assertEquals("split", split.bodyAsJsonObject().getJsonObject("merge").getString("status"));
          });
          return Future.all(getJson("/api/v1/customers/" + before[0].getString("id")),
              getJson("/api/v1/customers/" + before[1].getString("id")));
        })
        .compose(after -> {
          JsonObject ann = after.resultAt(0);
          JsonObject caller = after.resultAt(1);
          test.verify(() -> {
            assertEquals(before[0].getJsonArray("identities"), ann.getJsonArray("identities"));
            assertEquals(before[1].getJsonArray("identities"), caller.getJsonArray("identities"));
            assertEquals(ids(before[0]), ids(ann));
            assertEquals(ids(before[1]), ids(caller));
            assertEquals(before[1].getJsonObject("sentimentTrend").getJsonArray("points"),
                caller.getJsonObject("sentimentTrend").getJsonArray("points"));
            assertEquals(before[0].getJsonObject("sentimentTrend").getJsonArray("points"),
                ann.getJsonObject("sentimentTrend").getJsonArray("points"));
            assertNull(caller.getString("mergedInto"));
            assertEquals(1, ann.getJsonArray("merges").size(), "the merge stays on record");
          });
          return customerOf("phone:" + phone);
        })
        .compose(owner -> {
          test.verify(() -> assertEquals(before[1].getString("id"), owner.getString("id")));
          return hub.authorized(HttpMethod.POST, "/api/v1/customers/" + before[0].getString("id") + "/split")
              .sendJsonObject(new JsonObject().put("mergeId", mergeId[0]));
        })
        .onComplete(test.succeeding(splitAgain -> test.verify(() -> {
          assertProblem(splitAgain, 409);
          test.completeNow();
        })));
  }

  @Test
  void mergeRefusesUnknownAndSelf(VertxTestContext test) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    pushAndWait(TestHub.contact("self-" + tag, "self-" + tag + "@example.com", "hi"), "email:self-" + tag + "@example.com")
        .compose(customer -> Future.all(
            hub.authorized(HttpMethod.POST, "/api/v1/customers/" + customer.getString("id") + "/merge")
                .sendJsonObject(new JsonObject().put("otherCustomerId", customer.getString("id"))),
            hub.authorized(HttpMethod.POST, "/api/v1/customers/" + customer.getString("id") + "/merge")
                .sendJsonObject(new JsonObject().put("otherCustomerId", "cu_unknown")),
            hub.authorized(HttpMethod.POST, "/api/v1/customers/" + customer.getString("id") + "/split")
                .sendJsonObject(new JsonObject().put("mergeId", "mg_unknown")),
            hub.authorized(HttpMethod.POST, "/api/v1/customers/" + customer.getString("id") + "/merge")
                .sendJsonObject(new JsonObject().put("otherCustomerId", "../../etc"))))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          assertProblem(all.resultAt(0), 409);
          assertProblem(all.resultAt(1), 404);
          assertProblem(all.resultAt(2), 404);
          assertProblem(all.resultAt(3), 400);
          test.completeNow();
        })));
  }

  private static JsonObject identity(JsonObject customer, String key) {
    return customer.getJsonArray("identities").stream().map(JsonObject.class::cast)
        .filter(identity -> key.equals(identity.getString("identity"))).findFirst().orElseThrow();
  }

  private static java.util.Set<String> ids(JsonObject customer) {
    JsonArray conversations = customer.getJsonArray("conversations");
    return conversations.stream().map(c -> ((JsonObject) c).getString("id")).collect(Collectors.toSet());
  }
}
