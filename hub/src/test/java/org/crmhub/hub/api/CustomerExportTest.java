package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.crmhub.hub.attachment.Attachments;
import org.crmhub.hub.attachment.FileBlobStore;
import org.crmhub.hub.conversation.ConversationKeys;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.ContractSchemas;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/customers/{id}/export}: the ZIP of everything held about a customer, read
 * back with {@code java.util.zip} and its {@code customer.json} checked against the contract's
 * schema with the real validator.
 */
class CustomerExportTest extends HubTestBase {

  private static final String PASSWORD = "correct horse battery";

  private static String unique(String who) {
    return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  }

  private Future<HttpResponse<Buffer>> portal(HttpMethod method, String path, JsonObject body) {
    return hub.hub().portalApiKey().compose(key -> {
      var request = hub.request(method, path).bearerTokenAuthentication(key);
      return body == null ? request.send() : request.sendJsonObject(body);
    });
  }

  private HttpResponse<Buffer> export(String customerId) {
    return hub.authorized(HttpMethod.GET, "/api/v1/customers/" + customerId + "/export").send().await();
  }

  /** Every entry of the ZIP, name -> bytes, in the ZIP's order; fails on a broken ZIP. */
  private static Map<String, byte[]> unzip(Buffer zip) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.getBytes()), StandardCharsets.UTF_8)) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  private static String text(Map<String, byte[]> entries, String name) {
    byte[] bytes = entries.get(name);
    assertNotNull(bytes, name + " is in the ZIP: " + entries.keySet());
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static List<JsonObject> messagesOf(JsonObject export) {
    List<JsonObject> messages = new ArrayList<>();
    for (Object conversation : export.getJsonArray("conversations")) {
      ((JsonObject) conversation).getJsonArray("messages").forEach(m -> messages.add((JsonObject) m));
    }
    return messages;
  }

  private static JsonObject withText(List<JsonObject> messages, String text) {
    return messages.stream().filter(m -> text.equals(m.getString("text"))).findFirst()
        .orElseThrow(() -> new AssertionError("no message '" + text + "' in " + messages));
  }

  @Test
  void exportsEverythingHeldAboutTheCustomerAndTheCustomerMergedIntoIt() throws IOException {
    Redis storage = Redis.connect(vertx, redis.url()).await();
    String annEmail = unique("ann");
    String bobEmail = unique("bob");

    // a mail whose attachment the email connector kept, as it keeps them: content in the hub's store
    Attachments attachments = new Attachments(vertx, storage,
        FileBlobStore.open(vertx, dataDir.resolve("attachments")).await());
    String mailAttachmentId = "at_mail" + UUID.randomUUID().toString().replace("-", "");
    byte[] invoice = ("%PDF-1.4 the invoice " + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
    attachments.put(mailAttachmentId, "application/pdf", "Invoice März/../x.pdf", Buffer.buffer(invoice)).await();
    JsonObject ann = pushAndWait(new JsonObject().put("channel", "email").put("externalId", UUID.randomUUID().toString())
        .put("from", new JsonObject().put("email", annEmail).put("name", "Ann Example"))
        .put("subject", "Charged twice").put("text", "I was charged twice, this is terrible.")
        .put("metadata", new JsonObject().put("attachments", new JsonArray().add(new JsonObject()
            .put("id", mailAttachmentId).put("filename", "Invoice März/../x.pdf").put("contentType", "application/pdf")
            .put("size", invoice.length).put("url", "/api/v1/attachments/" + mailAttachmentId)))),
        "email:" + annEmail).await();
    String annId = ann.getString("id");
    String mailConversation = ann.getJsonArray("conversations").getJsonObject(0).getString("id");
    String mailMessage = getJson("/api/v1/conversations/" + mailConversation).await()
        .getJsonArray("messages").getJsonObject(0).getString("id");

    // a person corrects the mail's sentiment, and notes something beside it
    HttpResponse<Buffer> corrected = hub.authorized(HttpMethod.PUT,
            "/api/v1/conversations/" + mailConversation + "/messages/" + mailMessage + "/sentiment")
        .sendJsonObject(new JsonObject().put("label", "positive")).await();
    assertEquals(200, corrected.statusCode(), corrected.bodyAsString());
    HttpResponse<Buffer> noted = hub.authorized(HttpMethod.POST, "/api/v1/conversations/" + mailConversation + "/notes")
        .sendJsonObject(new JsonObject().put("text", "Finance approved the refund.")).await();
    assertEquals(201, noted.statusCode(), noted.bodyAsString());

    // a portal account of the same address opens a request with a file; staff reply to it
    HttpResponse<Buffer> signedUp = portal(HttpMethod.POST, "/api/v1/portal/accounts",
        new JsonObject().put("email", annEmail).put("password", PASSWORD).put("name", "Ann Example")).await();
    String accountId = portal(HttpMethod.POST, "/api/v1/portal/verifications", new JsonObject()
            .put("token", signedUp.bodyAsJsonObject().getString("token")).put("password", PASSWORD)).await()
        .bodyAsJsonObject().getString("accountId");
    byte[] screenshot = ("what the page said " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    HttpResponse<Buffer> opened = portal(HttpMethod.POST, "/api/v1/portal/accounts/" + accountId + "/requests",
        new JsonObject().put("subject", "Refund status").put("text", "Where is my refund?")
            .put("attachment", new JsonObject().put("filename", "page.txt").put("contentType", "text/plain")
                .put("data", Base64.getEncoder().encodeToString(screenshot)))).await();
    assertEquals(202, opened.statusCode(), opened.bodyAsString());
    String portalConversation = opened.bodyAsJsonObject().getString("conversationId");
    Eventually.holds(vertx, 10_000, "the portal request is filed", () -> getJson("/api/v1/customers/" + annId)
        .map(customer -> customer.getJsonArray("conversations").stream()
            .anyMatch(c -> portalConversation.equals(((JsonObject) c).getString("id"))))).await();
    HttpResponse<Buffer> replied = hub.authorized(HttpMethod.POST, "/api/v1/conversations/" + portalConversation + "/replies")
        .sendJsonObject(new JsonObject().put("text", "We refunded you today.")).await();
    assertEquals(201, replied.statusCode(), replied.bodyAsString());

    // the same person wrote from another address; staff merge that record into Ann's
    String bobId = pushAndWait(TestHub.contact(UUID.randomUUID().toString(), bobEmail, "Hello from my other address"),
        "email:" + bobEmail).await().getString("id");
    HttpResponse<Buffer> merged = hub.authorized(HttpMethod.POST, "/api/v1/customers/" + annId + "/merge")
        .sendJsonObject(new JsonObject().put("otherCustomerId", bobId).put("reason", "same person")).await();
    assertEquals(200, merged.statusCode(), merged.bodyAsString());

    // someone signed up with Bob's address and never verified it: that account may be anyone's
    HttpResponse<Buffer> unverified = portal(HttpMethod.POST, "/api/v1/portal/accounts",
        new JsonObject().put("email", bobEmail).put("password", PASSWORD).put("name", "Not Bob")).await();
    assertEquals(201, unverified.statusCode(), unverified.bodyAsString());

    HttpResponse<Buffer> response = export(annId);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals("application/zip", response.getHeader("Content-Type"));
    assertEquals("attachment; filename=\"customer-" + annId + ".zip\"", response.getHeader("Content-Disposition"));
    assertEquals("no-store", response.getHeader("Cache-Control"));
    assertEquals("chunked", response.getHeader("Transfer-Encoding"));
    assertNull(response.getHeader("Content-Length"));
    JsonArray audited = hub.authorized(HttpMethod.GET, "/api/v1/audit?action=customer.exported&customerId=" + annId)
        .send().await().bodyAsJsonObject().getJsonArray("items");
    assertEquals(1, audited.size(), audited.encode());
    assertEquals("127.0.0.1", audited.getJsonObject(0).getString("clientAddress"));

    Map<String, byte[]> entries = unzip(response.body());
    String json = text(entries, "customer.json");
    assertEquals(List.of(), ContractSchemas.componentViolations("CustomerExport", json));
    JsonObject export = new JsonObject(json);
    assertEquals("crm-hub.customer-export/1", export.getString("format"));
    assertEquals(annId, export.getJsonObject("customer").getString("id"));
    assertEquals("Ann Example", export.getJsonObject("customer").getString("name"));

    // identities of both records, with why each is linked
    JsonArray identities = export.getJsonArray("identities");
    assertTrue(identities.stream().map(JsonObject.class::cast)
        .anyMatch(i -> ("email:" + bobEmail).equals(i.getString("identity"))
            && "merge".equals(i.getJsonObject("provenance").getString("rule"))), identities.encode());
    assertTrue(identities.stream().map(JsonObject.class::cast)
        .anyMatch(i -> ("email:" + annEmail).equals(i.getString("identity"))), identities.encode());

    // the merged-in record and the merge
    JsonObject mergedCustomer = export.getJsonArray("mergedCustomers").getJsonObject(0);
    assertEquals(bobId, mergedCustomer.getString("id"));
    assertEquals(annId, mergedCustomer.getJsonObject("profile").getString("mergedInto"));
    assertEquals(mergedCustomer.getString("mergeId"), export.getJsonArray("merges").getJsonObject(0).getString("id"));

    // every message of both records, each marked by who wrote it, the correction with its original
    List<JsonObject> messages = messagesOf(export);
    assertEquals(5, messages.size(), messages.toString());
    JsonObject mail = withText(messages, "I was charged twice, this is terrible.");
    assertEquals("message", mail.getString("kind"));
    assertEquals("customer", mail.getString("author"));
    assertEquals("email", mail.getString("channel"));
    JsonObject sentiment = mail.getJsonObject("sentiment");
    assertEquals("positive", sentiment.getString("label"));
    assertTrue(sentiment.getBoolean("corrected"));
    assertEquals("negative", sentiment.getJsonObject("original").getString("label"));
    JsonObject note = withText(messages, "Finance approved the refund.");
    assertEquals("note", note.getString("kind"));
    assertEquals("staff", note.getString("author"));
    JsonObject reply = withText(messages, "We refunded you today.");
    assertEquals("reply", reply.getString("kind"));
    assertEquals("staff", reply.getString("author"));
    assertEquals("portal", reply.getString("channel"));
    assertEquals("customer", withText(messages, "Where is my refund?").getString("author"));
    assertEquals("customer", withText(messages, "Hello from my other address").getString("author"));
    for (Object conversation : export.getJsonArray("conversations")) {
      List<String> times = ((JsonObject) conversation).getJsonArray("messages").stream()
          .map(m -> ((JsonObject) m).getString("receivedAt")).toList();
      assertEquals(times.stream().sorted().toList(), times, "messages in time order");
    }
    assertFalse(export.getJsonArray("sentimentPoints").isEmpty());

    // the verified portal account, without any secret
    assertEquals(1, export.getJsonArray("portalAccounts").size(), export.getJsonArray("portalAccounts").encode());
    assertFalse(json.contains("Not Bob"));
    JsonObject account = export.getJsonArray("portalAccounts").getJsonObject(0);
    assertEquals(accountId, account.getString("accountId"));
    assertTrue(account.getBoolean("verified"));
    String hash = storage.call(c -> c.hget("crm:portal:account:{" + accountId + "}", "passwordHash")).await();
    assertNotNull(hash, "the account has a password hash to leak");
    byte[] everything = response.body().getBytes();
    for (String secret : List.of(hash, "passwordHash", "argon2")) {
      assertFalse(new String(everything, StandardCharsets.ISO_8859_1).contains(secret), secret + " in the ZIP");
      entries.forEach((name, bytes) -> assertFalse(new String(bytes, StandardCharsets.UTF_8).contains(secret),
          secret + " in " + name));
    }

    // both attachments: records naming their files, and the files with the bytes that were sent
    JsonArray files = export.getJsonArray("attachments");
    assertEquals(2, files.size(), files.encode());
    JsonObject mailFile = files.stream().map(JsonObject.class::cast)
        .filter(f -> mailAttachmentId.equals(f.getString("id"))).findFirst().orElseThrow();
    assertEquals(mailConversation, mailFile.getString("conversationId"));
    assertEquals("attachments/" + mailAttachmentId + "-Invoice_M_rz_.._x.pdf", mailFile.getString("file"));
    assertArrayEquals(invoice, entries.get(mailFile.getString("file")));
    JsonObject portalFile = files.stream().map(JsonObject.class::cast)
        .filter(f -> !mailAttachmentId.equals(f.getString("id"))).findFirst().orElseThrow();
    assertEquals(portalConversation, portalFile.getString("conversationId"));
    assertArrayEquals(screenshot, entries.get(portalFile.getString("file")));

    String summary = text(entries, "summary.txt");
    assertTrue(summary.contains("Ann Example"), summary);
    assertTrue(summary.contains(annEmail) && summary.contains(bobEmail), summary);
    assertTrue(summary.contains("Charged twice") && summary.contains("Refund status"), summary);
    assertTrue(summary.contains("3 conversations, 5 messages"), summary);

    // the record merged away is exported with the survivor's: asked for itself, the answer names the survivor
    HttpResponse<Buffer> absorbed = export(bobId);
    assertProblem(absorbed, 409);
    assertTrue(absorbed.bodyAsJsonObject().getString("detail").contains(annId), absorbed.bodyAsString());
    storage.close().await();
  }

  @Test
  void anUnknownCustomerIs404AndAKeyWithoutAdminIs403() {
    assertProblem(export("cs_nobody"), 404);
    String readKey = hub.authorized(HttpMethod.POST, "/api/v1/api-keys")
        .sendJsonObject(new JsonObject().put("name", "reader").put("scopes", new JsonArray().add("read").add("write")))
        .await().bodyAsJsonObject().getString("key");
    String email = unique("cy");
    String customerId = pushAndWait(TestHub.contact(UUID.randomUUID().toString(), email, "hi"), "email:" + email)
        .await().getString("id");
    HttpResponse<Buffer> refused = hub.request(HttpMethod.GET, "/api/v1/customers/" + customerId + "/export")
        .bearerTokenAuthentication(readKey).send().await();
    assertProblem(refused, 403);
  }

  /** A customer, its one conversation and the message the conversation began with. */
  private record Seeded(String customerId, String conversationId, String firstMessageId) {}

  /** A customer with one conversation of {@code count + 1} messages, the extra ones filed straight into the store. */
  private Seeded customerWithMessages(int count) {
    String email = unique("many");
    JsonObject customer = pushAndWait(TestHub.contact(UUID.randomUUID().toString(), email, "the first one"),
        "email:" + email).await();
    String conversationId = customer.getJsonArray("conversations").getJsonObject(0).getString("id");
    String firstMessageId = getJson("/api/v1/conversations/" + conversationId).await()
        .getJsonArray("messages").getJsonObject(0).getString("id");
    Redis storage = Redis.connect(vertx, redis.url()).await();
    ConversationStore conversations = new ConversationStore(storage);
    Instant start = Instant.now().plusSeconds(1);
    List<Future<?>> filed = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // random text, so the ZIP stays large after deflating and goes out in many chunks
      JsonObject message = new JsonObject()
          .put("id", "ct_many" + i)
          .put("direction", "inbound")
          .put("channel", "api")
          .put("from", "email:" + email)
          .put("text", "message " + i + " " + UUID.randomUUID() + UUID.randomUUID() + UUID.randomUUID())
          .put("receivedAt", start.plusMillis(i).toString());
      filed.add(conversations.addMessage(conversationId, message, "message " + i, "inbound", 0.1, true));
      if (filed.size() == 200) {
        Future.all(filed).await();
        filed.clear();
      }
    }
    Future.all(filed).await();
    storage.close().await();
    return new Seeded(customer.getString("id"), conversationId, firstMessageId);
  }

  @Test
  void aCustomerWithThousandsOfMessagesIsExportedWholeInOrderAndChunked() throws IOException {
    String customerId = customerWithMessages(3_000).customerId();
    HttpResponse<Buffer> response = export(customerId);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals("chunked", response.getHeader("Transfer-Encoding"));
    assertNull(response.getHeader("Content-Length"));
    assertTrue(response.body().length() > 2 * 64 * 1024, "more than two chunks: " + response.body().length());
    String json = text(unzip(response.body()), "customer.json");
    assertEquals(List.of(), ContractSchemas.componentViolations("CustomerExport", json));
    List<JsonObject> messages = messagesOf(new JsonObject(json));
    assertEquals(3_001, messages.size());
    assertEquals("the first one", messages.get(0).getString("text"));
    for (int i = 0; i < 3_000; i++) {
      assertEquals("ct_many" + i, messages.get(i + 1).getString("id"), "message " + (i + 1) + " in time order");
    }
  }

  /** Starts an export and closes the connection as soon as its first bytes arrive. */
  private Future<Void> exportAbandoned(HttpClient client, String customerId) {
    Promise<Void> closed = Promise.promise();
    client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(hub.port())
            .setURI("/api/v1/customers/" + customerId + "/export")
            .putHeader("Authorization", "Bearer " + TestHub.API_KEY))
        .compose(request -> request.send())
        .onFailure(closed::tryFail)
        .onSuccess(response -> {
          if (response.statusCode() != 200) {
            closed.tryFail("the export answered " + response.statusCode());
            return;
          }
          response.handler(firstBytes -> {
            response.handler(null);
            response.request().connection().close().onComplete(closed);
          });
          response.exceptionHandler(ignored -> closed.tryComplete());
        });
    return closed.future();
  }

  @Test
  void clientsThatGoAwayMidwayLeaveNoWriterBehind() throws IOException {
    String customerId = customerWithMessages(3_000).customerId();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    // more abandoned exports than the hub has writers: a writer left blocked would hold up the next export
    for (int round = 0; round < 3; round++) {
      Future.all(exportAbandoned(client, customerId), exportAbandoned(client, customerId)).await();
    }
    client.close();
    Buffer[] body = new Buffer[1];
    Eventually.holds(vertx, 20_000, "an export after the abandoned ones completes", () -> hub
        .authorized(HttpMethod.GET, "/api/v1/customers/" + customerId + "/export").timeout(15_000).send()
        .map(response -> {
          body[0] = response.body();
          return response.statusCode() == 200;
        })
        .otherwise(false)).await();
    assertEquals(3_001, messagesOf(new JsonObject(text(unzip(body[0]), "customer.json"))).size());
  }

  @Test
  void aFailureBeforeTheFirstBytesIsAProblemAndAfterThemABrokenDownload() {
    Redis storage = Redis.connect(vertx, redis.url()).await();
    // a message that no longer reads as JSON: the export fails where it meets it
    Seeded small = customerWithMessages(0);
    storage.call(c -> c.hset(ConversationKeys.messages(small.conversationId()), small.firstMessageId(), "{not json"))
        .await();
    HttpResponse<Buffer> problem = export(small.customerId());
    assertProblem(problem, 500);

    // the same after the first chunks went out: the connection is reset, never a complete-looking ZIP
    Seeded large = customerWithMessages(3_000);
    storage.call(c -> c.hset(ConversationKeys.messages(large.conversationId()), "ct_many2999", "{not json")).await();
    Future<HttpResponse<Buffer>> broken = hub.authorized(HttpMethod.GET,
        "/api/v1/customers/" + large.customerId() + "/export").send();
    Throwable failure = broken.map(response -> (Throwable) null).otherwise(cause -> cause).await();
    assertNotNull(failure, "the download failed");
    storage.close().await();
  }
}
