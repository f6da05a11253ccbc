package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import io.vertx.junit5.VertxTestContext;
import java.util.Base64;
import java.util.UUID;
import org.crmhub.hub.testing.Eventually;
import org.junit.jupiter.api.Test;

/** The portal's part of the contract, called with the in-process portal's key. */
class PortalApiTest extends HubTestBase {

  private static final String PASSWORD = "correct horse battery";

  private Future<HttpResponse<Buffer>> portal(HttpMethod method, String path, JsonObject body) {
    return hub.hub().portalApiKey().compose(key -> {
      var request = hub.request(method, path).bearerTokenAuthentication(key);
      return body == null ? request.send() : request.sendJsonObject(body);
    });
  }

  private Future<HttpResponse<Buffer>> portalDownload(String path, String range) {
    return hub.hub().portalApiKey().compose(key -> {
      var request = hub.request(HttpMethod.GET, path).bearerTokenAuthentication(key);
      return (range == null ? request : request.putHeader("Range", range)).send();
    });
  }

  private static String uniqueEmail(String who) {
    return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@Example.org";
  }

  /** Signs up and verifies; the account JSON. */
  private Future<JsonObject> verifiedAccount(String email) {
    return portal(HttpMethod.POST, "/api/v1/portal/accounts",
            new JsonObject().put("email", email).put("password", PASSWORD).put("name", "Ann Example"))
        .compose(created -> portal(HttpMethod.POST, "/api/v1/portal/verifications", new JsonObject()
            .put("token", created.bodyAsJsonObject().getString("token")).put("password", PASSWORD)))
        .map(HttpResponse::bodyAsJsonObject);
  }

  private Future<JsonObject> portalConversation(String accountId, String conversationId) {
    return portal(HttpMethod.GET, "/api/v1/portal/accounts/" + accountId + "/conversations/" + conversationId, null)
        .map(response -> response.statusCode() == 200 ? response.bodyAsJsonObject() : null);
  }

  /** Waits until the conversation shows at least {@code count} messages to the customer. */
  private Future<JsonObject> waitForMessages(String accountId, String conversationId, int count) {
    return Eventually.holds(vertx, 10_000, conversationId + " has " + count + " messages",
            () -> portalConversation(accountId, conversationId)
                .map(json -> json != null && json.getJsonArray("messages").size() >= count))
        .compose(v -> portalConversation(accountId, conversationId));
  }

  @Test
  void signUpVerifySignIn(VertxTestContext test) {
    String email = uniqueEmail("ann");
    String[] token = new String[1];
    portal(HttpMethod.POST, "/api/v1/portal/accounts", new JsonObject().put("email", email).put("password", PASSWORD))
        .compose(created -> {
          test.verify(() -> {
            assertEquals(201, created.statusCode(), created.bodyAsString());
            assertEquals(email.toLowerCase(), created.bodyAsJsonObject().getString("email"));
            assertFalse(created.bodyAsString().contains("argon2"), "no password hash leaves the hub");
          });
          token[0] = created.bodyAsJsonObject().getString("token");
          return portal(HttpMethod.POST, "/api/v1/portal/sign-ins",
              new JsonObject().put("email", email).put("password", PASSWORD));
        })
        .compose(unverified -> {
          test.verify(() -> assertProblem(unverified, 403));
          return portal(HttpMethod.POST, "/api/v1/portal/verifications",
              new JsonObject().put("token", token[0]).put("password", "not the password"));
        })
        .compose(wrongPassword -> {
          test.verify(() -> assertProblem(wrongPassword, 401));
          String forged = token[0].substring(0, token[0].length() - 2) + "xx";
          return portal(HttpMethod.POST, "/api/v1/portal/verifications",
              new JsonObject().put("token", forged).put("password", PASSWORD));
        })
        .compose(forged -> {
          test.verify(() -> assertProblem(forged, 400));
          return portal(HttpMethod.POST, "/api/v1/portal/verifications",
              new JsonObject().put("token", token[0]).put("password", PASSWORD));
        })
        .compose(verified -> {
          test.verify(() -> {
            assertEquals(200, verified.statusCode(), verified.bodyAsString());
            assertTrue(verified.bodyAsJsonObject().getBoolean("verified"));
          });
          return portal(HttpMethod.POST, "/api/v1/portal/sign-ins",
              new JsonObject().put("email", email.toUpperCase()).put("password", "wrong password"));
        })
        .compose(wrong -> {
          test.verify(() -> assertProblem(wrong, 401));
          return portal(HttpMethod.POST, "/api/v1/portal/sign-ins",
              new JsonObject().put("email", email.toUpperCase()).put("password", PASSWORD));
        })
        .compose(signedIn -> {
          test.verify(() -> {
            assertEquals(200, signedIn.statusCode(), signedIn.bodyAsString());
            assertNotNull(signedIn.bodyAsJsonObject().getString("accountId"));
          });
          return portal(HttpMethod.POST, "/api/v1/portal/accounts",
              new JsonObject().put("email", email).put("password", "another password"));
        })
        .onComplete(test.succeeding(again -> test.verify(() -> {
          assertProblem(again, 409);
          test.completeNow();
        })));
  }

  @Test
  void aRequestJoinsTheCustomerFoundByEmailAndStaffRepliesShowInThePortal(VertxTestContext test) {
    String email = uniqueEmail("bob");
    String[] ids = new String[3]; // account, email conversation, portal conversation
    pushAndWait(new JsonObject().put("channel", "email").put("externalId", UUID.randomUUID().toString())
            .put("from", new JsonObject().put("email", email)).put("subject", "Old order").put("text", "Where is it?"),
            "email:" + email.toLowerCase())
        .compose(customer -> verifiedAccount(email).compose(account -> {
          ids[0] = account.getString("accountId");
          test.verify(() -> assertEquals(customer.getString("id"), account.getString("customerId")));
          return portal(HttpMethod.POST, "/api/v1/portal/accounts/" + ids[0] + "/requests",
              new JsonObject().put("subject", "<script>alert(1)</script> Broken").put("text", "It broke."));
        }))
        .compose(opened -> {
          test.verify(() -> assertEquals(202, opened.statusCode(), opened.bodyAsString()));
          ids[2] = opened.bodyAsJsonObject().getString("conversationId");
          return waitForMessages(ids[0], ids[2], 1);
        })
        .compose(request -> {
          test.verify(() -> {
            assertEquals("portal", request.getString("channel"));
            assertEquals("<script>alert(1)</script> Broken", request.getString("subject"));
            assertNull(request.getValue("sentiment"), "staff-only fields stay in the hub");
          });
          return getJson("/api/v1/conversations/" + ids[2]);
        })
        .compose(staffView -> {
          test.verify(() -> assertTrue(staffView.getJsonObject("customer").getJsonArray("identities")
              .contains("email:" + email.toLowerCase()), staffView.encode()));
          return hub.authorized(HttpMethod.POST, "/api/v1/conversations/" + ids[2] + "/replies")
              .sendJsonObject(new JsonObject().put("text", "We are on it."));
        })
        .compose(replied -> {
          test.verify(() -> assertEquals(201, replied.statusCode(), replied.bodyAsString()));
          return portalConversation(ids[0], ids[2]);
        })
        .compose(withReply -> {
          JsonArray messages = withReply.getJsonArray("messages");
          test.verify(() -> {
            assertEquals(2, messages.size(), messages.encode());
            assertEquals("outbound", messages.getJsonObject(1).getString("direction"));
            assertEquals("We are on it.", messages.getJsonObject(1).getString("text"));
            assertNull(messages.getJsonObject(1).getValue("sentBy"));
          });
          return portal(HttpMethod.GET, "/api/v1/portal/accounts/" + ids[0] + "/conversations", null);
        })
        .compose(list -> {
          JsonArray items = list.bodyAsJsonObject().getJsonArray("items");
          test.verify(() -> assertEquals(2, items.size(), items.encode()));
          ids[1] = items.stream().map(JsonObject.class::cast).filter(c -> "email".equals(c.getString("channel")))
              .findFirst().orElseThrow().getString("id");
          // a reply through the portal to the email conversation stays in that conversation
          return portal(HttpMethod.POST, "/api/v1/portal/accounts/" + ids[0] + "/conversations/" + ids[1] + "/replies",
              new JsonObject().put("text", "Any news on the old order?"));
        })
        .compose(replied -> {
          test.verify(() -> {
            assertEquals(202, replied.statusCode(), replied.bodyAsString());
            assertEquals(ids[1], replied.bodyAsJsonObject().getString("conversationId"));
          });
          return waitForMessages(ids[0], ids[1], 2);
        })
        .onComplete(test.succeeding(emailConversation -> test.verify(() -> {
          JsonObject answer = emailConversation.getJsonArray("messages").getJsonObject(1);
          assertEquals("portal", answer.getString("channel"));
          assertEquals("Any news on the old order?", answer.getString("text"));
          test.completeNow();
        })));
  }

  @Test
  void anotherCustomersConversationIsNotFound(VertxTestContext test) {
    String[] ids = new String[3];
    verifiedAccount(uniqueEmail("carol"))
        .compose(carol -> {
          ids[0] = carol.getString("accountId");
          return verifiedAccount(uniqueEmail("dave"));
        })
        .compose(dave -> {
          ids[1] = dave.getString("accountId");
          return portal(HttpMethod.POST, "/api/v1/portal/accounts/" + ids[0] + "/requests",
              new JsonObject().put("subject", "Private").put("text", "Only for me."));
        })
        .compose(opened -> {
          ids[2] = opened.bodyAsJsonObject().getString("conversationId");
          return waitForMessages(ids[0], ids[2], 1);
        })
        .compose(v -> portal(HttpMethod.GET, "/api/v1/portal/accounts/" + ids[1] + "/conversations/" + ids[2], null))
        .compose(read -> {
          test.verify(() -> assertProblem(read, 404));
          return portal(HttpMethod.POST, "/api/v1/portal/accounts/" + ids[1] + "/conversations/" + ids[2] + "/replies",
              new JsonObject().put("text", "Let me in"));
        })
        .compose(reply -> {
          test.verify(() -> assertProblem(reply, 404));
          return portal(HttpMethod.GET, "/api/v1/portal/accounts/" + ids[1] + "/conversations", null);
        })
        .compose(list -> {
          test.verify(() -> assertEquals(0, list.bodyAsJsonObject().getJsonArray("items").size()));
          return portal(HttpMethod.GET, "/api/v1/portal/accounts/acc_unknown/conversations", null);
        })
        .onComplete(test.succeeding(unknown -> test.verify(() -> {
          assertProblem(unknown, 404);
          test.completeNow();
        })));
  }

  @Test
  void aMergedCustomerSeesTheMergedHistory(VertxTestContext test) {
    String email = uniqueEmail("erin");
    String phone = "+4930" + (1_000_000 + (int) (Math.random() * 8_000_000));
    String[] ids = new String[3]; // account, caller customer, email customer
    pushAndWait(new JsonObject().put("channel", "phone").put("externalId", UUID.randomUUID().toString())
            .put("from", new JsonObject().put("phone", phone)).put("text", "Voicemail about my bill"), "phone:" + phone)
        .compose(caller -> {
          ids[1] = caller.getString("id");
          return verifiedAccount(email);
        })
        .compose(account -> {
          ids[0] = account.getString("accountId");
          return portal(HttpMethod.POST, "/api/v1/portal/accounts/" + ids[0] + "/requests",
              new JsonObject().put("subject", "Bill").put("text", "I called about my bill."));
        })
        .compose(opened -> waitForMessages(ids[0], opened.bodyAsJsonObject().getString("conversationId"), 1))
        .compose(v -> customerOf("email:" + email.toLowerCase()))
        .compose(customer -> {
          ids[2] = customer.getString("id");
          return hub.authorized(HttpMethod.POST, "/api/v1/customers/" + ids[2] + "/merge")
              .sendJsonObject(new JsonObject().put("otherCustomerId", ids[1]).put("reason", "same person"));
        })
        .compose(merged -> {
          test.verify(() -> assertEquals(200, merged.statusCode(), merged.bodyAsString()));
          return portal(HttpMethod.GET, "/api/v1/portal/accounts/" + ids[0] + "/conversations", null);
        })
        .onComplete(test.succeeding(list -> test.verify(() -> {
          JsonArray items = list.bodyAsJsonObject().getJsonArray("items");
          assertEquals(2, items.size(), items.encode());
          assertTrue(items.stream().map(JsonObject.class::cast).anyMatch(c -> "phone".equals(c.getString("channel"))));
          test.completeNow();
        })));
  }

  /** The token goes to the customer's mailbox only: the API answer never carries it. */
  @Test
  void passwordResetTokensAreMailedNotReturnedAndWorkOnce(VertxTestContext test) {
    String email = uniqueEmail("fay");
    String[] token = new String[1];
    verifiedAccount(email)
        .compose(account -> portal(HttpMethod.POST, "/api/v1/portal/password-resets",
            new JsonObject().put("email", email)))
        .compose(reset -> {
          test.verify(() -> {
            assertEquals(202, reset.statusCode(), reset.bodyAsString());
            assertTrue(reset.body() == null || reset.body().length() == 0, "no body, no token: " + reset.bodyAsString());
            assertEquals(1, hub.portalMails().to(email).size());
          });
          String text = hub.portalMails().to(email).get(0).text();
          token[0] = java.net.URLDecoder.decode(text.replaceAll("(?s).*[?&]token=([^\\s]+).*", "$1"),
              java.nio.charset.StandardCharsets.UTF_8);
          return portal(HttpMethod.POST, "/api/v1/portal/password-resets/confirm",
              new JsonObject().put("token", token[0]).put("password", "a brand new password"));
        })
        .compose(confirmed -> {
          test.verify(() -> assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString()));
          return portal(HttpMethod.POST, "/api/v1/portal/password-resets/confirm",
              new JsonObject().put("token", token[0]).put("password", "someone else's password"));
        })
        .compose(reused -> {
          test.verify(() -> assertProblem(reused, 400));
          return portal(HttpMethod.POST, "/api/v1/portal/sign-ins",
              new JsonObject().put("email", email).put("password", "a brand new password"));
        })
        .compose(signedIn -> {
          test.verify(() -> assertEquals(200, signedIn.statusCode(), signedIn.bodyAsString()));
          return portal(HttpMethod.POST, "/api/v1/portal/password-resets",
              new JsonObject().put("email", "nobody-" + email));
        })
        .onComplete(test.succeeding(unknown -> test.verify(() -> {
          assertEquals(202, unknown.statusCode(), "the same answer for an unknown email");
          assertTrue(hub.portalMails().to("nobody-" + email).isEmpty());
          test.completeNow();
        })));
  }

  private Future<HttpResponse<Buffer>> signIn(String email, String password, String clientAddress) {
    return portal(HttpMethod.POST, "/api/v1/portal/sign-ins", new JsonObject().put("email", email)
        .put("password", password).put("clientAddress", clientAddress));
  }

  /** Counted before judged, atomically: of 40 parallel wrong passwords at most the limit (5 here) are judged. */
  @Test
  void parallelWrongPasswordsAreJudgedAtMostTheLimitTimes(VertxTestContext test) {
    String email = uniqueEmail("race");
    verifiedAccount(email)
        .compose(account -> Future.all(java.util.stream.IntStream.range(0, 40)
            .mapToObj(i -> signIn(email, "wrong password " + i, "203.0.113.7")).toList()))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          java.util.List<HttpResponse<Buffer>> answers = all.list();
          assertEquals(5, answers.stream().filter(r -> r.statusCode() == 401).count(), "judged");
          assertEquals(35, answers.stream().filter(r -> r.statusCode() == 429).count(), "refused unjudged");
          test.completeNow();
        })));
  }

  /** A guesser locks out only their own address; the owner signs in from theirs and is told by mail. */
  @Test
  void theOwnerStillSignsInFromTheirAddressAndHearsOfTheGuessing(VertxTestContext test) {
    String email = uniqueEmail("owner");
    verifiedAccount(email)
        .compose(account -> Future.all(java.util.stream.IntStream.range(0, 7)
            .mapToObj(i -> signIn(email, "guess " + i, "198.51.100.9")).toList()))
        .compose(guesses -> signIn(email, PASSWORD, "198.51.100.9"))
        .compose(guesserWithTheRightPassword -> {
          test.verify(() -> assertProblem(guesserWithTheRightPassword, 429));
          return signIn(email, PASSWORD, "192.0.2.44");
        })
        .onComplete(test.succeeding(owner -> test.verify(() -> {
          assertEquals(200, owner.statusCode(), owner.bodyAsString());
          java.util.List<String> subjects = hub.portalMails().to(email).stream()
              .map(org.crmhub.hub.testing.RecordingMailer.Mail::subject).toList();
          assertEquals(java.util.List.of("Someone is trying to sign in to your account"), subjects);
          test.completeNow();
        })));
  }

  @Test
  void attachmentsMustBeWhatTheySayAndStayWithTheirConversation(VertxTestContext test) {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0};
    String[] ids = new String[5]; // account, conversation, attachment path, another account, its conversation
    verifiedAccount(uniqueEmail("gus"))
        .compose(account -> {
          ids[0] = account.getString("accountId");
          return portal(HttpMethod.POST, "/api/v1/portal/accounts/" + ids[0] + "/requests", request(
              "<html><script>alert(1)</script>".getBytes(), "image/png", "evil.png"));
        })
        .compose(disguised -> {
          test.verify(() -> assertProblem(disguised, 400));
          return portal(HttpMethod.POST, "/api/v1/portal/accounts/" + ids[0] + "/requests",
              request(png, "image/png", "../../screen.png"));
        })
        .compose(opened -> {
          test.verify(() -> assertEquals(202, opened.statusCode(), opened.bodyAsString()));
          ids[1] = opened.bodyAsJsonObject().getString("conversationId");
          return waitForMessages(ids[0], ids[1], 1);
        })
        .compose(conversation -> {
          JsonObject attachment = conversation.getJsonArray("messages").getJsonObject(0).getJsonObject("attachment");
          test.verify(() -> {
            assertEquals("screen.png", attachment.getString("filename"));
            assertEquals(png.length, attachment.getInteger("size"));
          });
          ids[2] = "/attachments/" + attachment.getString("id");
          return Future.all(portalDownload("/api/v1/portal/accounts/" + ids[0] + "/conversations/" + ids[1] + ids[2], null),
              portalDownload("/api/v1/portal/accounts/" + ids[0] + "/conversations/" + ids[1] + ids[2], "bytes=1-3"),
              portalDownload("/api/v1/portal/accounts/" + ids[0] + "/conversations/" + ids[1] + ids[2], "bytes=50-"));
        })
        .compose(downloads -> {
          HttpResponse<Buffer> file = downloads.resultAt(0);
          HttpResponse<Buffer> part = downloads.resultAt(1);
          HttpResponse<Buffer> past = downloads.resultAt(2);
          test.verify(() -> {
            assertEquals(200, file.statusCode(), file.bodyAsString());
            assertArrayEquals(png, file.bodyAsBuffer().getBytes(), "the file itself, streamed");
            assertEquals("image/png", file.getHeader("Content-Type"));
            assertTrue(file.getHeader("Content-Disposition").startsWith("attachment; filename=\"screen.png\""));
            assertEquals("nosniff", file.getHeader("X-Content-Type-Options"));
            assertTrue(file.getHeader("Content-Security-Policy").startsWith("sandbox"));
            assertEquals("bytes", file.getHeader("Accept-Ranges"));
            assertEquals(206, part.statusCode(), part.bodyAsString());
            assertEquals("bytes 1-3/" + png.length, part.getHeader("Content-Range"));
            assertArrayEquals(new byte[] {'P', 'N', 'G'}, part.bodyAsBuffer().getBytes());
            assertEquals(file.getHeader("ETag"), part.getHeader("ETag"));
            assertEquals(416, past.statusCode());
            assertEquals("bytes */" + png.length, past.getHeader("Content-Range"));
          });
          // another customer, with a request of their own, asks for it
          return verifiedAccount(uniqueEmail("hal")).compose(other -> {
            ids[3] = other.getString("accountId");
            return portal(HttpMethod.POST, "/api/v1/portal/accounts/" + ids[3] + "/requests", request(png, "image/png", "mine.png"));
          });
        })
        .compose(othersRequest -> {
          ids[4] = othersRequest.bodyAsJsonObject().getString("conversationId");
          return waitForMessages(ids[3], ids[4], 1);
        })
        .compose(othersConversation -> Future.all(
            portalDownload("/api/v1/portal/accounts/" + ids[3] + "/conversations/" + ids[1] + ids[2], null),
            portalDownload("/api/v1/portal/accounts/" + ids[3] + "/conversations/" + ids[4] + ids[2], null),
            portalDownload("/api/v1/portal/accounts/" + ids[0] + "/conversations/" + ids[4] + ids[2], null)))
        .compose(refused -> {
          test.verify(() -> {
            assertProblem(refused.resultAt(0), 404); // the conversation is not theirs
            assertProblem(refused.resultAt(1), 404); // their conversation, but not its attachment
            assertProblem(refused.resultAt(2), 404); // the owner, through someone else's conversation
          });
          // staff download the same file like any mail attachment
          return hub.authorized(HttpMethod.GET, "/api/v1" + ids[2]).send();
        })
        .onComplete(test.succeeding(staffDownload -> test.verify(() -> {
          assertEquals(200, staffDownload.statusCode(), staffDownload.bodyAsString());
          assertArrayEquals(png, staffDownload.bodyAsBuffer().getBytes());
          assertTrue(staffDownload.getHeader("Content-Disposition").startsWith("attachment"));
          test.completeNow();
        })));
  }

  @Test
  void aPolyglotUploadIsStoredAndServedUnderTheNameOfItsCheckedType(VertxTestContext test) {
    byte[] polyglot = Buffer.buffer(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})
        .appendString("<html><script>alert(document.cookie)</script></html>").getBytes();
    String[] ids = new String[3];
    verifiedAccount(uniqueEmail("ivy"))
        .compose(account -> {
          ids[0] = account.getString("accountId");
          return portal(HttpMethod.POST, "/api/v1/portal/accounts/" + ids[0] + "/requests",
              request(polyglot, "image/png", "invoice.html"));
        })
        .compose(opened -> {
          test.verify(() -> assertEquals(202, opened.statusCode(), opened.bodyAsString()));
          ids[1] = opened.bodyAsJsonObject().getString("conversationId");
          return waitForMessages(ids[0], ids[1], 1);
        })
        .compose(conversation -> {
          JsonObject attachment = conversation.getJsonArray("messages").getJsonObject(0).getJsonObject("attachment");
          test.verify(() -> assertEquals("invoice.png", attachment.getString("filename")));
          ids[2] = attachment.getString("id");
          return portalDownload("/api/v1/portal/accounts/" + ids[0] + "/conversations/" + ids[1]
              + "/attachments/" + ids[2], null);
        })
        .compose(file -> {
          test.verify(() -> {
            assertEquals(200, file.statusCode(), file.bodyAsString());
            assertTrue(file.getHeader("Content-Disposition").contains("filename=\"invoice.png\""));
          });
          return hub.authorized(HttpMethod.GET, "/api/v1/attachments/" + ids[2]).send();
        })
        .onComplete(test.succeeding(staffDownload -> test.verify(() -> {
          assertEquals(200, staffDownload.statusCode(), staffDownload.bodyAsString());
          String disposition = staffDownload.getHeader("Content-Disposition");
          assertTrue(disposition.contains("filename=\"invoice.png\""), disposition);
          assertFalse(disposition.toLowerCase().contains(".html"), disposition);
          test.completeNow();
        })));
  }

  private static JsonObject request(byte[] file, String type, String name) {
    return new JsonObject().put("subject", "Screenshot").put("text", "See attached.")
        .put("attachment", new JsonObject().put("filename", name).put("contentType", type)
            .put("data", Base64.getEncoder().encodeToString(file)));
  }
}
