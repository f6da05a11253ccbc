package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.crmhub.hub.privacy.PrivacySettings;
import org.crmhub.hub.testing.ContractSchemas;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisPerClass;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The retention period: a dry run lists what is due without changing anything; then closed
 * conversations past it are erased, open or recent ones stay, and a customer left with nothing is
 * erased too.
 */
@ExtendWith(VertxExtension.class)
class RetentionTest {

  @RegisterExtension
  static final RedisPerClass redis = new RedisPerClass();

  private Vertx vertx;
  private Path hubDir;
  private TestHub hub;

  @BeforeEach
  void prepare(Vertx vertx) throws IOException {
    this.vertx = vertx;
    hubDir = TestDirectories.create("retention-hub");
  }

  @AfterEach
  void undeploy() {
    if (hub != null) {
      hub.undeploy().await();
    }
  }

  private void deploy(PrivacySettings privacy) {
    hub = TestHub.deploy(vertx, TestHub.config(redis.url(), hubDir).withPrivacy(privacy)).await();
  }

  @Test
  void aDryRunListsWhatIsDueThenClosedConversationsPastThePeriodAndEmptiedCustomersGo() {
    // checks once a day at most (the first after a minute): the dry run sees everything still there
    deploy(new PrivacySettings(30, Duration.ofDays(1), Duration.ofDays(365)));
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String oldAt = Instant.now().minus(Duration.ofDays(90)).toString();
    String gone = "gone-" + tag + "@example.org";
    String mixed = "mixed-" + tag + "@example.org";
    String recent = "recent-" + tag + "@example.org";
    // only an old closed conversation: the customer goes with it
    String goneConversation = filed(TestHub.contact("r1-" + tag, gone, "old question").put("receivedAt", oldAt), gone);
    close(goneConversation);
    // an old closed conversation on email, and an open one in the API channel: only the first goes
    String mixedOld = filed(TestHub.contact("r2-" + tag, mixed, "old mail").put("channel", "email")
        .put("receivedAt", oldAt), mixed);
    close(mixedOld);
    String mixedOpen = filed(TestHub.contact("r3-" + tag, mixed, "still waiting"), mixed);
    // old but open: stays; recent and closed: stays
    String recentClosed = filed(TestHub.contact("r4-" + tag, recent, "thanks"), recent);
    close(recentClosed);
    String oldOpen = filed(TestHub.contact("r5-" + tag, recent, "old and open").put("channel", "email")
        .put("receivedAt", oldAt), recent);

    JsonObject preview = preview();
    assertEquals(30, preview.getInteger("retentionDays"));
    assertEquals(2, preview.getInteger("conversations"), preview.encode());
    assertEquals(List.of(goneConversation, mixedOld).stream().sorted().toList(),
        ids(preview.getJsonArray("items"), "conversationId").stream().sorted().toList());
    String goneCustomer = customerOf(gone).getString("id");
    String mixedCustomer = customerOf(mixed).getString("id");
    assertEquals(List.of(goneCustomer), preview.getJsonArray("customersLeftEmpty").getList());
    // a dry run changed nothing
    assertEquals(200, get("/api/v1/conversations/" + goneConversation).statusCode());
    hub.undeploy().await();

    // now one that checks every second
    deploy(new PrivacySettings(30, Duration.ofSeconds(1), Duration.ofDays(365)));
    Eventually.holds(vertx, 30_000, "the due conversations and the emptied customer are erased",
        () -> Future.all(status("/api/v1/conversations/" + goneConversation), status("/api/v1/conversations/" + mixedOld),
            status("/api/v1/customers/" + goneCustomer))
            .map(all -> all.<Integer>list().stream().allMatch(code -> code == 404))).await();
    for (String kept : List.of(mixedOpen, recentClosed, oldOpen)) {
      assertEquals(200, get("/api/v1/conversations/" + kept).statusCode(), kept);
    }
    JsonObject stillThere = customerOf(mixed);
    assertEquals(mixedCustomer, stillThere.getString("id"));
    assertEquals(List.of(mixedOpen), ids(stillThere.getJsonArray("conversations"), "id"));
    assertNull(customerOf(gone));

    JsonArray erasures = hub.authorized(HttpMethod.GET, "/api/v1/erasures").send().await().bodyAsJsonObject()
        .getJsonArray("items");
    assertEquals(List.of(), ContractSchemas.componentViolations("ErasureList",
        new JsonObject().put("items", erasures).encode()));
    List<String> kinds = new ArrayList<>();
    erasures.forEach(e -> kinds.add(((JsonObject) e).getString("kind") + ":" + ((JsonObject) e).getString("actor")));
    assertTrue(kinds.contains("retention:retention"), kinds.toString());
    assertTrue(kinds.contains("customer:retention"), kinds.toString());
    assertEquals(0, preview().getInteger("conversations"));
  }

  @Test
  void withRetentionOffTheDryRunSaysSoAndNothingGoes() {
    deploy(PrivacySettings.KEEP_EVERYTHING);
    String email = "kept-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    String conversation = filed(TestHub.contact("k1-" + email, email, "old")
        .put("receivedAt", Instant.now().minus(Duration.ofDays(4000)).toString()), email);
    close(conversation);
    JsonObject preview = preview();
    assertEquals(0, preview.getInteger("retentionDays"));
    assertEquals(0, preview.getInteger("conversations"));
    assertProblem(hub.authorized(HttpMethod.GET, "/api/v1/privacy/retention?limit=0").send().await(), 400);
  }

  // --- helpers

  private JsonObject preview() {
    HttpResponse<Buffer> response = hub.authorized(HttpMethod.GET, "/api/v1/privacy/retention?limit=50").send().await();
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals(List.of(), ContractSchemas.componentViolations("RetentionPreview", response.bodyAsString()));
    return response.bodyAsJsonObject();
  }

  private Future<Integer> status(String path) {
    return hub.authorized(HttpMethod.GET, path).send().map(HttpResponse::statusCode);
  }

  private HttpResponse<Buffer> get(String path) {
    return hub.authorized(HttpMethod.GET, path).send().await();
  }

  private void close(String conversationId) {
    HttpResponse<Buffer> closed = hub.authorized(HttpMethod.PATCH, "/api/v1/conversations/" + conversationId)
        .sendJsonObject(new JsonObject().put("status", "closed")).await();
    assertEquals(200, closed.statusCode(), closed.bodyAsString());
  }

  /** Pushes a contact and waits until it is filed; its conversation. */
  private String filed(JsonObject contact, String email) {
    HttpResponse<Buffer> accepted = hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts").sendJsonObject(contact)
        .await();
    assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
    String contactId = accepted.bodyAsJsonObject().getString("contactId");
    String[] conversation = new String[1];
    Eventually.holds(vertx, 15_000, "contact " + contactId + " is filed", () -> findCustomer(email).compose(customer -> {
      if (customer == null) {
        return Future.succeededFuture(false);
      }
      List<Future<JsonObject>> loads = new ArrayList<>();
      customer.getJsonArray("conversations").forEach(each -> loads.add(hub.authorized(HttpMethod.GET,
          "/api/v1/conversations/" + ((JsonObject) each).getString("id")).send().map(HttpResponse::bodyAsJsonObject)));
      return Future.all(loads).map(all -> {
        for (JsonObject full : all.<JsonObject>list()) {
          for (Object message : full.getJsonArray("messages")) {
            if (contactId.equals(((JsonObject) message).getString("id"))) {
              conversation[0] = full.getString("id");
              return true;
            }
          }
        }
        return false;
      });
    })).await();
    return conversation[0];
  }

  private Future<JsonObject> findCustomer(String email) {
    return hub.authorized(HttpMethod.GET, "/api/v1/customers?identity="
        + URLEncoder.encode("email:" + email, StandardCharsets.UTF_8)).send().map(response -> {
          JsonArray items = response.bodyAsJsonObject().getJsonArray("items");
          return items.isEmpty() ? null : items.getJsonObject(0);
        });
  }

  private JsonObject customerOf(String email) {
    return findCustomer(email).await();
  }

  private static List<String> ids(JsonArray items, String field) {
    List<String> ids = new ArrayList<>();
    items.forEach(item -> ids.add(((JsonObject) item).getString(field)));
    return ids;
  }
}
