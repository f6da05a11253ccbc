package org.crmhub.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.crmhub.hub.testing.Eventually.call;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.util.UUID;
import org.crmhub.client.api.CustomersApi;
import org.crmhub.client.api.InboxApi;
import org.crmhub.client.api.IngestApi;
import org.crmhub.client.model.Channel;
import org.crmhub.client.model.InboundContact;
import org.crmhub.client.model.Sender;
import org.crmhub.client.model.SentimentLabel;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/** Pushing contacts in over the API and finding them in the inbox, through the generated client. */
class IngestApiTest extends HubTestBase {

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  private static InboundContact contact(String externalId, Sender from, String text) {
    return new InboundContact().channel(Channel.EMAIL).externalId(externalId).from(from).subject("Order").text(text);
  }

  @Test
  void acceptedContactShowsUpInTheInboxWithCustomerAndSentiment(Vertx vertx, VertxTestContext test) {
    IngestApi ingest = new IngestApi(hub.client());
    InboxApi inbox = new InboxApi(hub.client());
    String email = unique("ann") + "@Example.COM";
    InboundContact contact = contact(unique("m"), new Sender().email(email).name("Ann"),
        "This is terrible, I want a refund. Worst service ever!");
    call(() -> ingest.acceptContact(contact))
        .compose(accepted -> {
          test.verify(() -> assertFalse(accepted.getDuplicate()));
          return Eventually.holds(vertx, 10_000, "the contact is in the inbox",
                  () -> call(() -> new CustomersApi(hub.client()).findCustomers("email:" + email.toLowerCase()))
                      .map(found -> !found.getItems().isEmpty()
                          && !found.getItems().get(0).getConversations().isEmpty()))
              .compose(v -> call(() -> new CustomersApi(hub.client()).findCustomers("email:" + email)))
              .compose(found -> {
                String conversationId = found.getItems().get(0).getConversations().get(0).getId();
                // null: the contract's default number of newest messages
                return call(() -> inbox.getConversation(conversationId, null)).map(conversation -> {
                  test.verify(() -> {
                    assertEquals(1, conversation.getMessages().size());
                    assertEquals(accepted.getContactId(), conversation.getMessages().get(0).getId());
                    assertEquals(SentimentLabel.NEGATIVE, conversation.getMessages().get(0).getSentiment().getLabel());
                    assertEquals("Ann", conversation.getCustomerName());
                    assertEquals("email:" + email.toLowerCase(), conversation.getMessages().get(0).getFrom());
                    assertTrue(conversation.getCustomer().getIdentities().contains("email:" + email.toLowerCase()));
                  });
                  return conversation;
                });
              });
        })
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void sameExternalIdAgainIsADuplicateAndCreatesNothing(Vertx vertx, VertxTestContext test) {
    IngestApi ingest = new IngestApi(hub.client());
    String email = unique("dup") + "@example.com";
    String externalId = unique("m");
    call(() -> ingest.acceptContact(contact(externalId, new Sender().email(email), "first")))
        .compose(first -> call(() -> ingest.acceptContact(contact(externalId, new Sender().email(email), "replayed")))
            .map(second -> {
              test.verify(() -> {
                assertTrue(second.getDuplicate());
                assertEquals(first.getContactId(), second.getContactId());
              });
              return first;
            }))
        .compose(first -> Eventually.holds(vertx, 10_000, "the first contact is processed",
            () -> call(() -> new CustomersApi(hub.client()).findCustomers("email:" + email))
                .map(found -> !found.getItems().isEmpty() && !found.getItems().get(0).getConversations().isEmpty())))
        .compose(v -> call(() -> new CustomersApi(hub.client()).findCustomers("email:" + email)))
        .compose(found -> call(() -> new InboxApi(hub.client())
            .getConversation(found.getItems().get(0).getConversations().get(0).getId(), null)))
        .onComplete(test.succeeding(conversation -> test.verify(() -> {
          assertEquals(1, conversation.getMessages().size());
          assertEquals("first", conversation.getMessages().get(0).getText());
          test.completeNow();
        })));
  }

  @Test
  void oneCustomerAcrossChannelsAndThreadKeysKeepConversationsApart(Vertx vertx, VertxTestContext test) {
    IngestApi ingest = new IngestApi(hub.client());
    String email = unique("bob") + "@example.com";
    String phone = "+49 30 " + (1000000 + (int) (Math.random() * 8999999));
    InboundContact mail = contact(unique("m"), new Sender().email(email).phone(phone), "Hello").threadKey(unique("t"));
    InboundContact call = new InboundContact().channel(Channel.PHONE).externalId(unique("call"))
        .from(new Sender().phone(phone.replace(" ", ""))).text("Voicemail: please call me back");
    InboundContact secondMailSameThread = contact(unique("m"), new Sender().email(email), "Any news?")
        .threadKey(mail.getThreadKey());
    call(() -> ingest.acceptContact(mail))
        .compose(v -> Eventually.holds(vertx, 10_000, "the mail made a customer",
            () -> call(() -> new CustomersApi(hub.client()).findCustomers("email:" + email))
                .map(found -> !found.getItems().isEmpty())))
        .compose(v -> call(() -> ingest.acceptContact(call)))
        .compose(v -> call(() -> ingest.acceptContact(secondMailSameThread)))
        .compose(v -> Eventually.holds(vertx, 10_000, "all three messages are filed",
            () -> call(() -> new CustomersApi(hub.client()).findCustomers("email:" + email))
                .map(found -> found.getItems().get(0).getConversations().stream()
                    .mapToInt(c -> c.getMessageCount()).sum() == 3)))
        .compose(v -> call(() -> new CustomersApi(hub.client()).findCustomers("phone:" + phone.replace(" ", ""))))
        .onComplete(test.succeeding(found -> test.verify(() -> {
          assertEquals(1, found.getItems().size());
          var customer = found.getItems().get(0);
          assertEquals(2, customer.getConversations().size(), "one email thread and one call");
          assertEquals(2, customer.getIdentities().size());
          customer.getIdentities().forEach(identity -> assertNotNull(identity.getProvenance().getMessageId()));
          assertEquals(3, customer.getSentimentTrend().getPoints().size());
          test.completeNow();
        })));
  }

  @Test
  void malformedWrongTypedAndHostileBodiesAreRefusedWithProblemDetails(VertxTestContext test) {
    Future<HttpResponse<Buffer>> malformed = post(Buffer.buffer("{\"channel\": \"email\", "));
    Future<HttpResponse<Buffer>> wrongType = post(new JsonObject().put("channel", "email").put("externalId", 42)
        .put("from", new JsonObject().put("email", "a@example.com")).toBuffer());
    Future<HttpResponse<Buffer>> unknownChannel = post(TestHub.contact("x", "a@example.com", "hi").put("channel", "fax").toBuffer());
    Future<HttpResponse<Buffer>> noIdentity = post(new JsonObject().put("channel", "email").put("externalId", "x")
        .put("from", new JsonObject().put("name", "Nobody")).toBuffer());
    Future<HttpResponse<Buffer>> badPhone = post(new JsonObject().put("channel", "phone").put("externalId", "x")
        .put("from", new JsonObject().put("phone", "<script>alert(1)</script>")).toBuffer());
    Future<HttpResponse<Buffer>> notJson = hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
        .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("hello"));
    Future.join(malformed, wrongType, unknownChannel, noIdentity, badPhone, notJson)
        .onComplete(test.succeeding(all -> test.verify(() -> {
          assertProblem(malformed.result(), 400);
          assertProblem(wrongType.result(), 400);
          assertTrue(wrongType.result().bodyAsJsonObject().getJsonArray("errors").encode().contains("externalId")
              || wrongType.result().bodyAsJsonObject().getString("detail").contains("externalId"));
          assertProblem(unknownChannel.result(), 400);
          assertProblem(noIdentity.result(), 400);
          assertEquals("/from", noIdentity.result().bodyAsJsonObject().getJsonArray("errors").getJsonObject(0)
              .getString("pointer"), noIdentity.result().bodyAsString());
          assertProblem(badPhone.result(), 400);
          assertTrue(badPhone.result().bodyAsString().contains("/from"), badPhone.result().bodyAsString());
          assertProblem(notJson.result(), 415);
          test.completeNow();
        })));
  }

  @Test
  void invalidUtf8AndHugeHeadersAreRefusedWithoutATrace(VertxTestContext test) {
    Buffer invalidUtf8 = Buffer.buffer("{\"channel\":\"email\",\"externalId\":\"")
        .appendBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF})
        .appendString("\",\"from\":{\"email\":\"a@example.com\"}}");
    Future<HttpResponse<Buffer>> utf8 = post(invalidUtf8);
    Future<HttpResponse<Buffer>> hugeHeader = hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
        .putHeader("Content-Type", "application/json")
        .putHeader("X-Padding", "p".repeat(64 * 1024))
        .sendBuffer(TestHub.contact(unique("m"), "h@example.com", "hi").toBuffer());
    Future.join(utf8, hugeHeader).onComplete(test.succeeding(all -> test.verify(() -> {
      assertProblem(utf8.result(), 400);
      assertEquals(431, hugeHeader.result().statusCode());
      test.completeNow();
    })));
  }

  @Test
  void oversizedBodyIsRefusedWith413(VertxTestContext test) {
    String huge = "x".repeat(200 * 1024);
    post(TestHub.contact(unique("big"), "big@example.com", huge).toBuffer())
        .onComplete(test.succeeding(response -> test.verify(() -> {
          assertProblem(response, 413);
          test.completeNow();
        })));
  }

  @Test
  void missingWrongAndUnderScopedCredentialsAreRefused(VertxTestContext test) {
    Buffer body = TestHub.contact(unique("m"), "auth@example.com", "hi").toBuffer();
    Future<HttpResponse<Buffer>> none = hub.request(HttpMethod.POST, "/api/v1/inbound/contacts")
        .putHeader("Content-Type", "application/json").sendBuffer(body);
    Future<HttpResponse<Buffer>> wrong = hub.request(HttpMethod.POST, "/api/v1/inbound/contacts")
        .bearerTokenAuthentication("not-a-key").putHeader("Content-Type", "application/json").sendBuffer(body);
    Future<HttpResponse<Buffer>> basic = hub.request(HttpMethod.POST, "/api/v1/inbound/contacts")
        .basicAuthentication("admin", TestHub.ADMIN_PASSWORD).putHeader("Content-Type", "application/json")
        .sendBuffer(body);
    Future<String> ingestOnlyKey = hub.authorized(HttpMethod.POST, "/api/v1/api-keys")
        .sendJsonObject(new JsonObject().put("name", "ingest only").put("scopes", new io.vertx.core.json.JsonArray().add("ingest")))
        .map(response -> response.bodyAsJsonObject().getString("key"));
    Future<HttpResponse<Buffer>> underScoped = ingestOnlyKey.compose(key ->
        hub.request(HttpMethod.GET, "/api/v1/conversations").bearerTokenAuthentication(key).send());
    Future<HttpResponse<Buffer>> adminWithIngestKey = ingestOnlyKey.compose(key ->
        hub.request(HttpMethod.GET, "/api/v1/api-keys").bearerTokenAuthentication(key).send());
    Future<HttpResponse<Buffer>> ingestWithIngestKey = ingestOnlyKey.compose(key ->
        hub.request(HttpMethod.POST, "/api/v1/inbound/contacts").bearerTokenAuthentication(key)
            .putHeader("Content-Type", "application/json").sendBuffer(body));
    Future.join(none, wrong, basic, underScoped, adminWithIngestKey, ingestWithIngestKey)
        .onComplete(test.succeeding(all -> test.verify(() -> {
          assertProblem(none.result(), 401);
          assertEquals("Bearer realm=\"crm-hub\"", none.result().getHeader("WWW-Authenticate"));
          assertProblem(wrong.result(), 401);
          assertProblem(basic.result(), 401);
          assertProblem(underScoped.result(), 403);
          assertProblem(adminWithIngestKey.result(), 403);
          assertEquals(202, ingestWithIngestKey.result().statusCode());
          test.completeNow();
        })));
  }

  @Test
  void unknownIdsAre404AndBadIdsAre400(VertxTestContext test) {
    Future<HttpResponse<Buffer>> conversation = hub.authorized(HttpMethod.GET, "/api/v1/conversations/cv_nope").send();
    Future<HttpResponse<Buffer>> customer = hub.authorized(HttpMethod.GET, "/api/v1/customers/cu_nope").send();
    Future<HttpResponse<Buffer>> patch = hub.authorized(HttpMethod.PATCH, "/api/v1/conversations/cv_nope")
        .sendJsonObject(new JsonObject().put("status", "closed"));
    Future<HttpResponse<Buffer>> badId = hub.authorized(HttpMethod.GET, "/api/v1/conversations/%3Cscript%3E").send();
    Future<HttpResponse<Buffer>> noRoute = hub.authorized(HttpMethod.GET, "/api/v1/nothing-here").send();
    Future<HttpResponse<Buffer>> badCursor = hub.authorized(HttpMethod.GET, "/api/v1/conversations?cursor=AAAA").send();
    Future.join(conversation, customer, patch, badId, noRoute, badCursor)
        .onComplete(test.succeeding(all -> test.verify(() -> {
          assertProblem(conversation.result(), 404);
          assertProblem(customer.result(), 404);
          assertProblem(patch.result(), 404);
          assertProblem(badId.result(), 400);
          assertProblem(noRoute.result(), 404);
          assertProblem(badCursor.result(), 400);
          test.completeNow();
        })));
  }

  @Test
  void hostileTextIsStoredVerbatimAndOnlyEverServedAsJson(Vertx vertx, VertxTestContext test) {
    String hostile = "<script>alert('x')</script>\u0000\u202e\uD83D\uDE00 \"quoted\" \\ end";
    String email = unique("eve") + "@example.com";
    JsonObject body = TestHub.contact(unique("m"), email, hostile).put("subject", "<img src=x onerror=alert(1)>");
    post(body.toBuffer())
        .compose(accepted -> Eventually.holds(vertx, 10_000, "the hostile contact is processed",
            () -> hub.authorized(HttpMethod.GET, "/api/v1/customers?identity=email:" + email).send()
                .map(found -> !found.bodyAsJsonObject().getJsonArray("items").isEmpty()
                    && !found.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getJsonArray("conversations").isEmpty())))
        .compose(v -> hub.authorized(HttpMethod.GET, "/api/v1/customers?identity=email:" + email).send())
        .compose(found -> hub.authorized(HttpMethod.GET, "/api/v1/conversations/" + found.bodyAsJsonObject()
            .getJsonArray("items").getJsonObject(0).getJsonArray("conversations").getJsonObject(0).getString("id")).send())
        .onComplete(test.succeeding(response -> test.verify(() -> {
          assertEquals("application/json", response.getHeader("Content-Type"));
          assertEquals("nosniff", response.getHeader("X-Content-Type-Options"));
          assertNotEquals(null, response.getHeader("Content-Security-Policy"));
          JsonObject conversation = response.bodyAsJsonObject();
          assertEquals(hostile, conversation.getJsonArray("messages").getJsonObject(0).getString("text"));
          assertFalse(response.bodyAsString().contains("\u0000"), "control characters are escaped in JSON");
          test.completeNow();
        })));
  }

  private Future<HttpResponse<Buffer>> post(Buffer body) {
    return hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(body);
  }

  static void assertProblem(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), () -> "body: " + response.bodyAsString());
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
    JsonObject problem = response.bodyAsJsonObject();
    assertEquals(status, problem.getInteger("status"));
    assertNotNull(problem.getString("title"));
    assertFalse(response.bodyAsString().contains("\tat "), "no stack trace");
    assertFalse(response.bodyAsString().contains("Exception"), "no exception names");
  }
}
