package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.privacy.ErasureJobs;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.ContractSchemas;
import org.crmhub.hub.testing.PrometheusText;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.FileBytes;
import org.crmhub.hub.testing.RedisPerClass;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.crmhub.hub.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Erasing a customer, judged by what is left: the API's answers, the search index, the webhooks,
 * and the bytes in Redis's data folder and the hub's (search index, attachment blobs). The hub runs
 * on a data folder of the test's own so it can be scanned.
 */
@ExtendWith(VertxExtension.class)
class CustomerErasureTest {

  @RegisterExtension
  static final RedisPerClass redis = new RedisPerClass();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PASSWORD = "correct horse battery";

  private Vertx vertx;
  private Path hubDir;
  private TestHub hub;

  @BeforeEach
  void deploy(Vertx vertx) throws IOException {
    this.vertx = vertx;
    hubDir = TestDirectories.create("erasure-hub");
    hub = TestHub.deploy(vertx, TestHub.config(redis.url(), hubDir)).await();
  }

  @AfterEach
  void undeploy() {
    if (hub != null) {
      hub.undeploy().await();
    }
  }

  /** Random letters: a compressor finds nothing to shorten, so a copy on disk is found as it is. */
  private static String token(String prefix) {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return prefix + HexFormat.of().formatHex(bytes);
  }

  @Test
  void anErasedCustomerLeavesNoTraceInTheApiTheIndexTheWebhooksOrOnDisk() throws Exception {
    try (var admin = new RedisAdmin(vertx)) {
      for (Redis server : admin.redis.everyServer().await()) {
        // the rewritten append-only file starts with an RDB image, and RDB compresses strings:
        // without this a copy left in it could be compressed past recognition by the scan below
        server.call(c -> c.configSet("rdbcompression", "no")).await();
        // as the README asks of a Redis the hub does not start itself (the embedded one is so)
        server.call(c -> c.configSet("stream-node-max-entries", "1")).await();
      }
    }
    String email = token("erase-") + "@example.org";
    String said = token("zq");
    String replied = token("zr");
    String noted = token("zn");
    String attached = token("za");
    String keptEmail = token("keep-") + "@example.org";
    String keptSaid = token("zk");

    WebhookReceiver receiver = WebhookReceiver.start(vertx).await();
    // the receiver echoes what it got, so the attempt log's excerpts hold the customer's text too
    receiver.answer((ctx, attempt) -> ctx.response().setStatusCode(200).end(ctx.body().asString()));
    JsonObject subscription = hub.authorized(HttpMethod.POST, "/api/v1/webhooks")
        .sendJsonObject(new JsonObject().put("url", receiver.url())
            .put("events", new JsonArray(List.of("message.created", "customer.created", "message.sent",
                "customer.erased"))))
        .await().bodyAsJsonObject();
    receiver.trustSecret(subscription.getString("secret"));

    // the customer: a portal account whose request carries an attachment, a staff reply, a note,
    // a sentiment correction (a training example holding the text), a session of the portal
    String accountId = verifiedAccount(email);
    HttpResponse<Buffer> opened = portal(HttpMethod.POST, "/api/v1/portal/accounts/" + accountId + "/requests",
        new JsonObject().put("subject", "Order " + said).put("text", "My order " + said + " never came")
            .put("attachment", new JsonObject().put("filename", "receipt.txt").put("contentType", "text/plain")
                .put("data", Base64.getEncoder().encodeToString(("receipt " + attached).getBytes(StandardCharsets.UTF_8)))));
    assertEquals(202, opened.statusCode(), opened.bodyAsString());
    String conversationId = opened.bodyAsJsonObject().getString("conversationId");
    String messageId = opened.bodyAsJsonObject().getString("contactId");
    JsonObject customer = Eventually.holds(vertx, 15_000, "the request is filed",
        () -> customerOf("email:" + email).map(found -> found != null && !found.getJsonArray("conversations").isEmpty()))
        .compose(v -> customerOf("email:" + email)).await();
    String customerId = customer.getString("id");
    assertEquals(201, hub.authorized(HttpMethod.POST, "/api/v1/conversations/" + conversationId + "/replies")
        .sendJsonObject(new JsonObject().put("text", "We resend " + replied)).await().statusCode());
    assertEquals(201, hub.authorized(HttpMethod.POST, "/api/v1/conversations/" + conversationId + "/notes")
        .sendJsonObject(new JsonObject().put("text", "Called " + noted)).await().statusCode());
    HttpResponse<Buffer> corrected = hub.authorized(HttpMethod.PUT, "/api/v1/conversations/" + conversationId
        + "/messages/" + messageId + "/sentiment").sendJsonObject(new JsonObject().put("label", "negative")).await();
    assertEquals(200, corrected.statusCode(), corrected.bodyAsString());
    try (var admin = new RedisAdmin(vertx)) {
      admin.redis.call(c -> c.set("portal:session:" + token("s"), new JsonObject().put("accountId", accountId)
          .put("email", email).put("csrf", "x").encode())).await();
    }
    // the customer also wrote from a phone
    String phone = "+49151" + (10_000_000 + RANDOM.nextInt(89_999_999));
    assertEquals(202, hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
        .sendJsonObject(TestHub.contact(token("ph-"), email, "Calling about " + said)
            .put("from", new JsonObject().put("email", email).put("phone", phone))).await().statusCode());
    Eventually.holds(vertx, 15_000, "the phone is the customer's", () -> customerOf("phone:" + phone)
        .map(found -> found != null && customerId.equals(found.getString("id")))).await();
    // someone else, who must lose nothing; writing again from their address and the customer's phone,
    // they keep a merge suggestion naming the phone (it is the customer's), which must go with it
    filed(keptEmail, "Where is " + keptSaid);
    assertEquals(202, hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
        .sendJsonObject(TestHub.contact(token("kept-"), keptEmail, "Any news?")
            .put("from", new JsonObject().put("email", keptEmail).put("phone", phone))).await().statusCode());
    Eventually.holds(vertx, 15_000, "the other customer holds a suggestion naming the phone",
        () -> customerOf("email:" + keptEmail).map(found -> found != null
            && found.getJsonArray("mergeSuggestions").encode().contains(phone))).await();

    Eventually.holds(vertx, 15_000, "both are searchable and the webhook heard of the message",
        () -> Future.all(searchHits(said), searchHits(keptSaid)).map(both -> both.<Integer>resultAt(0) > 0
            && both.<Integer>resultAt(1) == 1 && receiver.received().stream()
                .anyMatch(r -> r.body().contains(said) && r.body().contains("message.created")))).await();
    List<String> personal = List.of(email, said, replied, noted, attached, phone);
    // before: every one of them is on disk, or the scan after the erasure would prove nothing
    Eventually.holds(vertx, 30_000, "the customer's data is on disk before the erasure", () -> Future.succeededFuture(
        foundOnDisk(personal).size() == personal.size() && !foundIn(hubDir.resolve("search"), List.of(said)).isEmpty()
            && !foundIn(hubDir.resolve("attachments"), List.of(attached)).isEmpty())).await();

    HttpResponse<Buffer> asked = hub.authorized(HttpMethod.DELETE, "/api/v1/customers/" + customerId)
        .sendJsonObject(new JsonObject().put("reason", "GDPR Art. 17 request, ticket 42")).await();
    assertEquals(202, asked.statusCode(), asked.bodyAsString());
    JsonObject erasure = asked.bodyAsJsonObject();
    assertEquals("/api/v1/erasures/" + erasure.getString("id"), asked.getHeader("Location"));
    assertEquals(customerId, erasure.getString("customerId"));
    assertEquals("pending", erasure.getString("status"));
    JsonObject done = completed(erasure.getString("id"));
    assertEquals(List.of(), ContractSchemas.componentViolations("Erasure", done.encode()));
    JsonArray audited = hub.authorized(HttpMethod.GET, "/api/v1/audit?action=customer.erased&customerId=" + customerId)
        .send().await().bodyAsJsonObject().getJsonArray("items");
    assertEquals(1, audited.size(), audited.encode());
    assertEquals("api-key:key_bootstrap", audited.getJsonObject(0).getString("actor"));
    assertEquals("GDPR Art. 17 request, ticket 42", done.getString("reason"));
    JsonObject counts = done.getJsonObject("erased");
    assertEquals(1L, counts.getLong("customers"), done.encode());
    assertEquals(2L, counts.getLong("conversations"), done.encode());
    assertEquals(4L, counts.getLong("messages"), done.encode());
    assertEquals(1L, counts.getLong("attachments"), done.encode());
    assertEquals(1L, counts.getLong("portalAccounts"), done.encode());
    assertEquals(1L, counts.getLong("portalSessions"), done.encode());
    assertTrue(counts.getLong("events", 0L) > 0, done.encode());
    assertTrue(counts.getLong("webhookDeliveries", 0L) > 0, done.encode());
    assertEquals(1L, counts.getLong("trainingExamples"), done.encode());

    // the API knows nothing of them
    assertProblem(hub.authorized(HttpMethod.GET, "/api/v1/customers/" + customerId).send().await(), 404);
    assertProblem(hub.authorized(HttpMethod.GET, "/api/v1/conversations/" + conversationId).send().await(), 404);
    assertNull(customerOf("email:" + email).await());
    assertNull(customerOf("phone:" + phone).await());
    JsonObject kept = customerOf("email:" + keptEmail).await();
    assertFalse(kept.encode().contains(phone), kept.encode());
    assertEquals(401, portal(HttpMethod.POST, "/api/v1/portal/sign-ins",
        new JsonObject().put("email", email).put("password", PASSWORD)).statusCode());
    JsonObject deliveries = hub.authorized(HttpMethod.GET, "/api/v1/webhooks/" + subscription.getString("id")
        + "/deliveries").send().await().bodyAsJsonObject();
    JsonObject attempts = hub.authorized(HttpMethod.GET, "/api/v1/webhooks/" + subscription.getString("id")
        + "/attempts?limit=100").send().await().bodyAsJsonObject();
    for (String data : personal) {
      assertFalse(deliveries.encode().contains(data), "a delivery keeps " + data);
      assertFalse(attempts.encode().contains(data), "the attempt log keeps " + data);
    }
    assertTrue(deliveries.encode().contains(keptSaid), "the other customer's deliveries stay");
    // every hub's index drops the conversation; the other customer stays searchable
    Eventually.holds(vertx, 15_000, "the index forgot the conversation",
        () -> searchHits(said).map(hits -> hits == 0)).await();
    assertEquals(1, searchHits(keptSaid).await());
    // webhooks hear of it, with ids only
    Eventually.holds(vertx, 15_000, "customer.erased is delivered", () -> Future.succeededFuture(
        receiver.received().stream().anyMatch(r -> r.body().contains("\"customer.erased\"")))).await();
    WebhookReceiver.Received announced = receiver.received().stream()
        .filter(r -> r.body().contains("\"customer.erased\"")).findFirst().orElseThrow();
    assertEquals(List.of(), ContractSchemas.webhookViolations("customer.erased", announced.body()));
    assertEquals(customerId, announced.json().getJsonObject("data").getString("customerId"));
    personal.forEach(data -> assertFalse(announced.body().contains(data), announced.body()));

    // and within two minutes no byte of it is left on disk: Redis's files, the index, the blobs
    Eventually.holds(vertx, 120_000, "no trace of the customer on disk",
            () -> Future.succeededFuture(foundOnDisk(personal).isEmpty()))
        .recover(timedOut -> Future.failedFuture(new AssertionError("still on disk: " + whereOnDisk(personal))))
        .await();
    assertEquals(List.of(keptSaid), foundOnDisk(List.of(keptSaid)), "the other customer's data stays on disk");

    // the same address writing again is someone new
    assertEquals(202, hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
        .sendJsonObject(TestHub.contact(token("again-"), email, "Hello again")).await().statusCode());
    JsonObject again = Eventually.holds(vertx, 15_000, "the new contact is filed",
            () -> customerOf("email:" + email).map(found -> found != null && !found.getJsonArray("conversations").isEmpty()))
        .compose(v -> customerOf("email:" + email)).await();
    assertNotEquals(customerId, again.getString("id"));
    assertEquals(1, again.getJsonArray("conversations").size(), again.encode());
    assertNotEquals(conversationId, again.getJsonArray("conversations").getJsonObject(0).getString("id"));

    // what is kept: the record, without personal data
    JsonObject listed = hub.authorized(HttpMethod.GET, "/api/v1/erasures").send().await().bodyAsJsonObject();
    assertEquals(List.of(), ContractSchemas.componentViolations("ErasureList", listed.encode()));
    assertTrue(listed.encode().contains(erasure.getString("id")), listed.encode());
    personal.forEach(data -> assertFalse(listed.encode().contains(data), listed.encode()));
    receiver.stop().await();
  }

  @Test
  void mergedCustomersGoTogetherASplitOneStaysAndOnlyTheSurvivorCanBeErased() {
    String annEmail = token("ann-") + "@example.org";
    String bobEmail = token("bob-") + "@example.org";
    String cyEmail = token("cy-") + "@example.org";
    String annId = filed(annEmail, "Hello from Ann " + token("za"));
    String bobId = filed(bobEmail, "Hello from Bob " + token("zb"));
    String cyId = filed(cyEmail, "Hello from Cy " + token("zc"));
    HttpResponse<Buffer> merged = hub.authorized(HttpMethod.POST, "/api/v1/customers/" + annId + "/merge")
        .sendJsonObject(new JsonObject().put("otherCustomerId", bobId).put("reason", "same person")).await();
    assertEquals(200, merged.statusCode(), merged.bodyAsString());
    // Cy was merged in by mistake and split off again: not Ann's, so not erased with her
    HttpResponse<Buffer> mistaken = hub.authorized(HttpMethod.POST, "/api/v1/customers/" + annId + "/merge")
        .sendJsonObject(new JsonObject().put("otherCustomerId", cyId).put("reason", "looked alike")).await();
    assertEquals(200, mistaken.statusCode(), mistaken.bodyAsString());
    String mistakeId = mistaken.bodyAsJsonObject().getJsonObject("merge").getString("id");
    assertEquals(200, hub.authorized(HttpMethod.POST, "/api/v1/customers/" + annId + "/split")
        .sendJsonObject(new JsonObject().put("mergeId", mistakeId).put("reason", "different people")).await()
        .statusCode());

    assertProblem(erase(bobId, "asked"), 409);
    assertProblem(erase("cu_nobody", "asked"), 404);
    assertProblem(hub.authorized(HttpMethod.DELETE, "/api/v1/customers/" + annId).sendJsonObject(new JsonObject())
        .await(), 400);
    assertProblem(hub.authorized(HttpMethod.DELETE, "/api/v1/customers/" + annId)
        .sendJsonObject(new JsonObject().put("reason", "   ")).await(), 400);

    HttpResponse<Buffer> asked = erase(annId, "asked by phone");
    assertEquals(202, asked.statusCode(), asked.bodyAsString());
    // asking again while it runs gives the same job
    HttpResponse<Buffer> again = erase(annId, "asked twice");
    assertTrue(again.statusCode() == 202 || again.statusCode() == 404, again.bodyAsString());
    if (again.statusCode() == 202) {
      assertEquals(asked.bodyAsJsonObject().getString("id"), again.bodyAsJsonObject().getString("id"));
    }
    JsonObject done = completed(asked.bodyAsJsonObject().getString("id"));
    assertEquals(2L, done.getJsonObject("erased").getLong("customers"), done.encode());
    assertEquals(2L, done.getJsonObject("erased").getLong("conversations"), done.encode());
    assertNull(customerOf("email:" + annEmail).await());
    assertNull(customerOf("email:" + bobEmail).await());
    assertProblem(hub.authorized(HttpMethod.GET, "/api/v1/customers/" + bobId).send().await(), 404);
    // Cy keeps the record, the identity and the conversation; the merge record naming Ann is gone
    JsonObject cy = customerOf("email:" + cyEmail).await();
    assertEquals(cyId, cy.getString("id"));
    assertEquals(1, cy.getJsonArray("conversations").size(), cy.encode());
    assertEquals(new JsonArray(), cy.getJsonArray("merges"), cy.encode());
  }

  @Test
  void aJobLeftHalfDoneByAStoppedHubIsFinishedByTheNextOne() throws Exception {
    String email = token("cy-") + "@example.org";
    String customerId = filed(email, "First " + token("zc"));
    String second = token("zd");
    assertEquals(202, hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
        .sendJsonObject(TestHub.contact(token("cy2-"), email, "Second " + second).put("channel", "email"))
        .await().statusCode());
    Eventually.holds(vertx, 15_000, "both conversations are filed", () -> customerOf("email:" + email)
        .map(found -> found.getJsonArray("conversations").size() == 2)).await();
    List<String> conversations = new ArrayList<>();
    customerOf("email:" + email).await().getJsonArray("conversations")
        .forEach(c -> conversations.add(((JsonObject) c).getString("id")));
    hub.undeploy().await();
    hub = null;

    // the request was stored and the first steps ran (the identity released, one conversation
    // gone) when the hub stopped
    String jobId;
    try (var admin = new RedisAdmin(vertx)) {
      jobId = new ErasureJobs(admin.redis).request(customerId, "admin", "stopped half-way", Instant.now()).await().id();
      admin.redis.call(c -> c.del("crm:identity:email:" + email, "crm:{v:" + conversations.get(0) + "}")).await();
    }
    hub = TestHub.deploy(vertx, TestHub.config(redis.url(), hubDir)).await();
    JsonObject done = completed(jobId);
    assertEquals("admin", done.getString("actor"));
    assertProblem(hub.authorized(HttpMethod.GET, "/api/v1/customers/" + customerId).send().await(), 404);
    for (String conversation : conversations) {
      assertProblem(hub.authorized(HttpMethod.GET, "/api/v1/conversations/" + conversation).send().await(), 404);
    }
    try (var admin = new RedisAdmin(vertx)) {
      // nothing left under either conversation's or the customer's keys
      for (String pattern : List.of("crm:{v:" + conversations.get(0) + "}*", "crm:{v:" + conversations.get(1) + "}*",
          "crm:{c:" + customerId + "}*", "crm:{erasure}:job:" + jobId + ":*")) {
        assertEquals(List.of(), admin.redis.call(c -> c.keys(pattern)).await(), pattern);
      }
    }
    Eventually.holds(vertx, 15_000, "the index forgot both conversations",
        () -> searchHits(second).map(hits -> hits == 0)).await();
  }

  @Test
  void aCustomerWithThousandsOfMessagesIsErasedWithoutHoldingUpTheHubsEventLoop() throws Exception {
    String email = token("many-") + "@example.org";
    String keptEmail = token("few-") + "@example.org";
    String customerId = filed(email, "First of many " + token("zm"));
    filed(keptEmail, "Not me " + token("zf"));
    String conversationId = customerOf("email:" + email).await().getJsonArray("conversations").getJsonObject(0)
        .getString("id");
    int seeded = 3_000;
    try (var admin = new RedisAdmin(vertx)) {
      // straight into the store, as the pipeline files them (this is about erasing, not filing)
      ConversationStore store = new ConversationStore(admin.redis);
      Instant start = Instant.now().minusSeconds(seeded);
      for (int from = 0; from < seeded; from += 500) {
        List<Future<ConversationStore.Added>> added = new ArrayList<>();
        for (int i = from; i < from + 500; i++) {
          JsonObject message = new JsonObject().put("id", "ct_many" + i).put("direction", "inbound")
              .put("channel", "api").put("externalId", "many-" + i).put("receivedAt", start.plusSeconds(i).toString())
              .put("from", "email:" + email).put("text", "message number " + i + " of many")
              .put("metadata", new JsonObject());
          added.add(store.addMessage(conversationId, message, "message number " + i, "inbound", 0, true));
        }
        Future.all(added).await();
      }
    }
    PrometheusText before = metrics();
    HttpResponse<Buffer> asked = erase(customerId, "a long history");
    assertEquals(202, asked.statusCode(), asked.bodyAsString());
    JsonObject done = completed(asked.bodyAsJsonObject().getString("id"));
    assertEquals(seeded + 1L, done.getJsonObject("erased").getLong("messages"), done.encode());
    PrometheusText after = metrics();
    // the erasure runs on the hub's own event loop, in steps: a probe timer there (every 100 ms)
    // never fired a second late while it ran (Vert.x itself calls a loop blocked after 2 s)
    assertEquals(stalls(before), stalls(after), "event-loop probes more than 1 s late during the erasure");
    assertProblem(hub.authorized(HttpMethod.GET, "/api/v1/conversations/" + conversationId).send().await(), 404);
    assertNotNull(customerOf("email:" + keptEmail).await(), "the other customer stays");
  }

  private PrometheusText metrics() throws Exception {
    String text = hub.request(HttpMethod.GET, "/metrics").send().await().bodyAsString();
    return PrometheusText.parse(text);
  }

  /** Probes of the hub's event loop that fired more than a second late. */
  private static double stalls(PrometheusText metrics) {
    return metrics.value("crmhub_event_loop_delay_seconds_count", Map.of())
        - metrics.value("crmhub_event_loop_delay_seconds_bucket", Map.of("le", "1.0"));
  }

  // --- helpers

  private HttpResponse<Buffer> erase(String customerId, String reason) {
    return hub.authorized(HttpMethod.DELETE, "/api/v1/customers/" + customerId)
        .sendJsonObject(new JsonObject().put("reason", reason)).await();
  }

  /** Waits for the erasure to complete; its record. */
  private JsonObject completed(String erasureId) {
    Eventually.holds(vertx, 60_000, "erasure " + erasureId + " completes",
        () -> hub.authorized(HttpMethod.GET, "/api/v1/erasures/" + erasureId).send()
            .map(response -> "completed".equals(response.bodyAsJsonObject().getString("status")))).await();
    return hub.authorized(HttpMethod.GET, "/api/v1/erasures/" + erasureId).send().await().bodyAsJsonObject();
  }

  /** Pushes a contact and waits for its customer; the customer's id. */
  private String filed(String email, String text) {
    assertEquals(202, hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
        .sendJsonObject(TestHub.contact(token("c-"), email, text)).await().statusCode());
    Eventually.holds(vertx, 15_000, email + " is filed", () -> customerOf("email:" + email)
        .map(found -> found != null && !found.getJsonArray("conversations").isEmpty())).await();
    return customerOf("email:" + email).await().getString("id");
  }

  private Future<JsonObject> customerOf(String identity) {
    return hub.authorized(HttpMethod.GET, "/api/v1/customers?identity=" + URLEncoder.encode(identity,
        StandardCharsets.UTF_8)).send().map(response -> {
          JsonArray items = response.bodyAsJsonObject().getJsonArray("items");
          return items.isEmpty() ? null : items.getJsonObject(0);
        });
  }

  private Future<Integer> searchHits(String word) {
    return hub.authorized(HttpMethod.GET, "/api/v1/search?q=" + word).send()
        .map(response -> response.bodyAsJsonObject().getJsonArray("items").size());
  }

  private HttpResponse<Buffer> portal(HttpMethod method, String path, JsonObject body) {
    String key = hub.hub().portalApiKey().await();
    return hub.request(method, path).bearerTokenAuthentication(key).sendJsonObject(body).await();
  }

  private String verifiedAccount(String email) {
    HttpResponse<Buffer> created = portal(HttpMethod.POST, "/api/v1/portal/accounts",
        new JsonObject().put("email", email).put("password", PASSWORD).put("name", "Erin Example"));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    HttpResponse<Buffer> verified = portal(HttpMethod.POST, "/api/v1/portal/verifications", new JsonObject()
        .put("token", created.bodyAsJsonObject().getString("token")).put("password", PASSWORD));
    assertEquals(200, verified.statusCode(), verified.bodyAsString());
    String accountId = verified.bodyAsJsonObject().getString("accountId");
    assertNotNull(accountId, verified.bodyAsString());
    return accountId;
  }

  /** Which of the strings some file of Redis's data folder or the hub's holds, as UTF-8 bytes. */
  private List<String> foundOnDisk(List<String> wanted) {
    List<String> found = new ArrayList<>(foundIn(redis.dataDir(), wanted));
    foundIn(hubDir, wanted).stream().filter(one -> !found.contains(one)).forEach(found::add);
    return found.stream().sorted(java.util.Comparator.comparing(wanted::indexOf)).toList();
  }

  /** Which file holds which string, for a failure's message. */
  private List<String> whereOnDisk(List<String> wanted) {
    List<String> where = new ArrayList<>();
    for (Path dir : List.of(redis.dataDir(), hubDir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          List<String> found = foundInFile(file, wanted);
          if (!found.isEmpty()) {
            where.add(dir.relativize(file) + " " + found);
          }
        }
      } catch (IOException e) {
        where.add(dir + ": " + e);
      }
    }
    return where;
  }

  private static List<String> foundInFile(Path file, List<String> wanted) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException gone) {
      return List.of();
    }
    return wanted.stream().filter(one -> FileBytes.holds(bytes, one)).toList();
  }

  private static List<String> foundIn(Path dir, List<String> wanted) {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException | java.nio.file.AccessDeniedException gone) {
          continue;
        }
        for (String one : wanted) {
          if (!found.contains(one) && FileBytes.holds(bytes, one)) {
            found.add(one);
          }
        }
      }
    } catch (java.nio.file.NoSuchFileException gone) {
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  /** A connection of the test's own to the hub's Redis. */
  private static final class RedisAdmin implements AutoCloseable {
    final Redis redis;

    RedisAdmin(Vertx vertx) {
      this.redis = Redis.connect(vertx, CustomerErasureTest.redis.url()).await();
    }

    @Override
    public void close() {
      redis.shutdown().await();
    }
  }
}
