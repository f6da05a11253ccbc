package org.crmhub.hub.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.crmhub.hub.HubConfig;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.crmhub.hub.testing.TestMail;
import org.crmhub.hub.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The email channel end to end against GreenMail on loopback: mail sent over SMTP is read over
 * IMAP into the inbox, staff replies go out over SMTP and the customer's answers thread back.
 * What the connector does on its own (IDLE, the connector contract) is tested in connectors/email.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
class EmailChannelTest {

  static TestRedis redis;
  static TestMail mail;

  @BeforeAll
  static void start() throws Exception {
    redis = TestRedis.start();
    mail = TestMail.start();
  }

  @AfterAll
  static void stop() throws Exception {
    mail.close();
    redis.close();
  }

  static HubConfig config(JsonObject email) throws Exception {
    return TestHub.config(redis.url(), TestDirectories.create("email")).withChannel("email", email);
  }

  static String customer(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example.org";
  }

  /** Runs blocking mail client code (sending to GreenMail) off the event loop. */
  static <T> Future<T> blocking(Vertx vertx, Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }

  static Future<JsonObject> customerOf(TestHub hub, String identity) {
    return hub.authorized(HttpMethod.GET, "/api/v1/customers?identity=" + identity).send().map(response -> {
      JsonArray items = response.bodyAsJsonObject().getJsonArray("items");
      return items.isEmpty() ? null : items.getJsonObject(0);
    });
  }

  static Future<JsonObject> conversation(TestHub hub, String id) {
    return hub.authorized(HttpMethod.GET, "/api/v1/conversations/" + id).send().map(HttpResponse::bodyAsJsonObject);
  }

  /** The customer's conversations once they hold {@code messages} messages in all. */
  static Future<JsonArray> conversationsWith(Vertx vertx, TestHub hub, String email, int messages) {
    // what the last look saw, so a timeout says whether mail was missing, doubled or misfiled; the
    // bound is generous because CI runs two test JVMs on two cores beside a browser test
    AtomicReference<JsonObject> lastSeen = new AtomicReference<>();
    return Eventually.holds(vertx, 30_000, email + " has " + messages + " messages",
            () -> customerOf(hub, "email:" + email).map(c -> {
              lastSeen.set(c);
              return c != null && c.getJsonArray("conversations").stream()
                  .mapToInt(each -> ((JsonObject) each).getInteger("messageCount")).sum() == messages;
            }))
        .recover(timedOut -> Future.failedFuture(new AssertionError(timedOut.getMessage() + "; last seen: "
            + (lastSeen.get() == null ? "no customer" : lastSeen.get().getJsonArray("conversations").stream()
                .map(each -> (JsonObject) each)
                .map(each -> each.getString("subject") + " (" + each.getInteger("messageCount") + ")").toList()))))
        .compose(v -> customerOf(hub, "email:" + email))
        .map(c -> c.getJsonArray("conversations"));
  }

  static Future<HttpResponse<Buffer>> reply(TestHub hub, String conversationId, String text) {
    return hub.authorized(HttpMethod.POST, "/api/v1/conversations/" + conversationId + "/replies")
        .sendJsonObject(new JsonObject().put("text", text));
  }

  @Test
  void mailBecomesAConversationStaffRepliesAndTheAnswersThreadBack(Vertx vertx, VertxTestContext test) throws Exception {
    String support = mail.newMailbox("support");
    String ann = customer("ann");
    String firstId = "<first-" + UUID.randomUUID() + "@customer.example.org>";
    JsonObject state = new JsonObject();
    TestHub.deploy(vertx, config(mail.emailSection(support, new JsonObject()))).compose(hub -> blocking(vertx, () -> {
          MimeMessage first = mail.mail("Ann Example <" + ann + ">", support, "Printer on fire",
              "My printer is on fire, please help.\n\n-- \nAnn\nCEO of Things");
          first.saveChanges();
          first.setHeader("Message-ID", firstId);
          mail.send(first);
          return null;
        })
        .compose(v -> conversationsWith(vertx, hub, ann, 1))
        .compose(conversations -> {
          String id = conversations.getJsonObject(0).getString("id");
          state.put("conversationId", id);
          return conversation(hub, id);
        })
        .compose(first -> {
          JsonObject message = first.getJsonArray("messages").getJsonObject(0);
          test.verify(() -> {
            assertEquals("email", first.getString("channel"));
            assertEquals("Printer on fire", first.getString("subject"));
            assertEquals("email:" + ann, message.getString("from"));
            assertEquals("Ann Example", message.getString("fromName"));
            assertEquals("My printer is on fire, please help.", message.getString("text"), "signature trimmed");
            assertTrue(message.getJsonObject("metadata").getString("fullText").contains("CEO of Things"));
            assertEquals(support, message.getJsonObject("metadata").getString("mailbox"));
          });
          return reply(hub, state.getString("conversationId"), "Please unplug it. We are on our way.");
        })
        .compose(sent -> {
          test.verify(() -> {
            assertEquals(201, sent.statusCode(), sent.bodyAsString());
            assertEquals("sent", sent.bodyAsJsonObject().getString("status"));
          });
          state.put("replyId", sent.bodyAsJsonObject().getString("providerId"));
          return Eventually.holds(vertx, 10_000, "the reply reaches the customer's mailbox",
              () -> Future.succeededFuture(!mail.receivedBy(ann).isEmpty()));
        })
        .compose(v -> blocking(vertx, () -> {
          MimeMessage received = mail.receivedBy(ann).get(0);
          test.verify(() -> {
            assertEquals(support, ((InternetAddress) received.getFrom()[0]).getAddress());
            assertEquals("Re: Printer on fire", received.getSubject());
            assertEquals(firstId, received.getHeader("In-Reply-To", null));
            assertTrue(received.getHeader("References", null).contains(firstId));
            assertEquals("<" + state.getString("replyId") + ">", received.getMessageID());
            String replyTo = ((InternetAddress) received.getReplyTo()[0]).getAddress();
            assertTrue(replyTo.startsWith(support.substring(0, support.indexOf('@')) + "+c."), replyTo);
            assertTrue(((String) received.getContent()).contains("Please unplug it."));
          });
          state.put("replyTo", ((InternetAddress) received.getReplyTo()[0]).getAddress());
          // the customer answers with In-Reply-To ...
          MimeMessage answer = mail.mail(ann, support, "Re: Printer on fire", "It is out now, thanks!\n\n> Please unplug it.");
          answer.saveChanges();
          answer.setHeader("In-Reply-To", received.getMessageID());
          mail.send(answer);
          // ... then from a client that drops it, to the Reply-To address with a new subject
          MimeMessage viaReplyTo = mail.mail(ann, state.getString("replyTo"), "one more thing", "The smoke smell stays.");
          mail.send(viaReplyTo, support);
          // ... then a fresh mail about the same subject, without any header
          mail.send(mail.mail(ann, support, "RE: [#42] AW: Printer on fire", "Should I open the window?"));
          return null;
        }))
        .compose(v -> conversationsWith(vertx, hub, ann, 5))
        .compose(conversations -> {
          test.verify(() -> {
            assertEquals(1, conversations.size(), conversations.encodePrettily());
            assertEquals(state.getString("conversationId"), conversations.getJsonObject(0).getString("id"));
          });
          return blocking(vertx, () -> {
            mail.send(mail.mail(ann, support, "Invoice question", "Unrelated: where is my invoice?"));
            return null;
          });
        })
        .compose(v -> conversationsWith(vertx, hub, ann, 6))
        .compose(conversations -> {
          test.verify(() -> assertEquals(2, conversations.size(), "a new subject is a new conversation"));
          return conversation(hub, state.getString("conversationId"));
        })
        .compose(threaded -> {
          test.verify(() -> {
            List<String> texts = threaded.getJsonArray("messages").stream()
                .map(m -> ((JsonObject) m).getString("text")).toList();
            assertTrue(texts.contains("It is out now, thanks!"), "quoted history trimmed: " + texts);
            assertTrue(texts.contains("The smoke smell stays."));
            assertTrue(texts.contains("Should I open the window?"));
          });
          return hub.undeploy();
        }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aRestartNeitherLosesNorDuplicatesMail(Vertx vertx, VertxTestContext test) throws Exception {
    String support = mail.newMailbox("restart");
    String bob = customer("bob");
    HubConfig config = config(mail.emailSection(support, new JsonObject().put("batchSize", 2)));
    TestHub.deploy(vertx, config)
        .compose(first -> blocking(vertx, () -> {
              for (int i = 0; i < 3; i++) {
                mail.send(mail.mail(bob, support, "before restart " + i, "message " + i));
              }
              return null;
            })
            .compose(v -> conversationsWith(vertx, first, bob, 3))
            .compose(v -> first.undeploy()))
        .compose(v -> blocking(vertx, () -> {
          for (int i = 0; i < 2; i++) {
            mail.send(mail.mail(bob, support, "while down " + i, "message " + (3 + i)));
          }
          return null;
        }))
        .compose(v -> TestHub.deploy(vertx, config))
        .compose(second -> conversationsWith(vertx, second, bob, 5)
            // a duplicate would show up as a sixth message; give it a moment to appear
            .compose(conversations -> blocking(vertx, () -> {
              mail.send(mail.mail(bob, support, "after restart", "message 5"));
              return null;
            }))
            .compose(v -> conversationsWith(vertx, second, bob, 6))
            .compose(v -> blocking(vertx, () -> mail.user(support)))
            .compose(user -> second.undeploy()))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aReplyTheServerRefusesIsRetriedThenMarkedFailed(Vertx vertx, VertxTestContext test) throws Exception {
    String support = mail.newMailbox("nosmtp");
    String dee = customer("dee");
    // nothing listens on port 1: every attempt fails to connect
    JsonObject settings = new JsonObject().put("smtpUrl", "smtp://user:very-secret-pw@127.0.0.1:1");
    TestHub.deploy(vertx, config(mail.emailSection(support, settings)))
        .compose(hub -> blocking(vertx, () -> {
              mail.send(mail.mail(dee, support, "Broken", "Nothing works"));
              return null;
            })
            .compose(v -> conversationsWith(vertx, hub, dee, 1))
            .compose(conversations -> reply(hub, conversations.getJsonObject(0).getString("id"), "On it")
                .compose(refused -> conversation(hub, conversations.getJsonObject(0).getString("id")).map(after -> {
                  test.verify(() -> {
                    assertEquals(502, refused.statusCode(), refused.bodyAsString());
                    assertFalse(refused.bodyAsString().contains("very-secret-pw"), refused.bodyAsString());
                    JsonObject outbound = after.getJsonArray("messages").stream().map(m -> (JsonObject) m)
                        .filter(m -> "outbound".equals(m.getString("direction"))).findFirst().orElseThrow();
                    assertEquals("failed", outbound.getString("status"));
                    assertFalse(outbound.getString("error").contains("very-secret-pw"));
                  });
                  return after;
                })))
            .compose(v -> hub.undeploy()))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void attachmentsAndInlineImagesAreStoredAndServedAsDownloads(Vertx vertx, VertxTestContext test) throws Exception {
    String support = mail.newMailbox("attach");
    String eve = customer("eve");
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};
    byte[] pdf = "%PDF-1.4 <script>not run</script>".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    TestHub.deploy(vertx, config(mail.emailSection(support, new JsonObject()))).compose(hub -> blocking(vertx, () -> {
          MimeMessage message = mail.mail(eve, support, "Screenshot", "unused");
          jakarta.mail.internet.MimeMultipart related = new jakarta.mail.internet.MimeMultipart("related");
          jakarta.mail.internet.MimeBodyPart html = new jakarta.mail.internet.MimeBodyPart();
          html.setContent("<p>See <img src=\"cid:shot@x\"> and the invoice.</p>", "text/html; charset=utf-8");
          jakarta.mail.internet.MimeBodyPart image = new jakarta.mail.internet.MimeBodyPart();
          image.setDataHandler(new jakarta.activation.DataHandler(new jakarta.mail.util.ByteArrayDataSource(png, "image/png")));
          image.setContentID("<shot@x>");
          image.setDisposition(jakarta.mail.Part.INLINE);
          related.addBodyPart(html);
          related.addBodyPart(image);
          jakarta.mail.internet.MimeBodyPart body = new jakarta.mail.internet.MimeBodyPart();
          body.setContent(related);
          jakarta.mail.internet.MimeBodyPart invoice = new jakarta.mail.internet.MimeBodyPart();
          invoice.setDataHandler(new jakarta.activation.DataHandler(new jakarta.mail.util.ByteArrayDataSource(pdf, "application/pdf")));
          invoice.setFileName("Rechnung März.pdf");
          invoice.setDisposition(jakarta.mail.Part.ATTACHMENT);
          jakarta.mail.internet.MimeMultipart mixed = new jakarta.mail.internet.MimeMultipart("mixed");
          mixed.addBodyPart(body);
          mixed.addBodyPart(invoice);
          message.setContent(mixed);
          mail.send(message);
          return null;
        })
        .compose(v -> conversationsWith(vertx, hub, eve, 1))
        .compose(conversations -> conversation(hub, conversations.getJsonObject(0).getString("id")))
        .compose(conversation -> {
          JsonObject message = conversation.getJsonArray("messages").getJsonObject(0);
          JsonArray attachments = message.getJsonObject("metadata").getJsonArray("attachments");
          JsonObject image = attachments.stream().map(a -> (JsonObject) a)
              .filter(a -> "image/png".equals(a.getString("contentType"))).findFirst().orElseThrow();
          JsonObject invoice = attachments.stream().map(a -> (JsonObject) a)
              .filter(a -> "application/pdf".equals(a.getString("contentType"))).findFirst().orElseThrow();
          test.verify(() -> {
            assertTrue(message.getString("html").contains("src=\"/api/v1/attachments/" + image.getString("id") + "\""),
                message.getString("html"));
            assertEquals("Rechnung März.pdf", invoice.getString("filename"));
          });
          return Future.all(
              hub.authorized(HttpMethod.GET, invoice.getString("url")).send(),
              hub.authorized(HttpMethod.GET, "/api/v1/attachments/" + image.getString("id")).send(),
              hub.authorized(HttpMethod.GET, "/api/v1/attachments/at_missing").send(),
              hub.request(HttpMethod.GET, invoice.getString("url")).send());
        })
        .compose(responses -> {
          HttpResponse<Buffer> invoice = responses.resultAt(0);
          HttpResponse<Buffer> image = responses.resultAt(1);
          HttpResponse<Buffer> missing = responses.resultAt(2);
          HttpResponse<Buffer> anonymous = responses.resultAt(3);
          test.verify(() -> {
            assertEquals(200, invoice.statusCode());
            assertEquals("application/pdf", invoice.getHeader("Content-Type"));
            assertTrue(invoice.getHeader("Content-Disposition").startsWith("attachment;"), invoice.getHeader("Content-Disposition"));
            assertTrue(invoice.getHeader("Content-Disposition").contains("filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf"));
            assertEquals("nosniff", invoice.getHeader("X-Content-Type-Options"));
            assertTrue(invoice.getHeader("Content-Security-Policy").contains("sandbox"));
            assertEquals(Buffer.buffer(pdf), invoice.body());
            assertEquals(Buffer.buffer(png), image.body());
            assertEquals(404, missing.statusCode());
            assertTrue(missing.getHeader("Content-Type").startsWith("application/problem+json"));
            assertEquals(401, anonymous.statusCode());
          });
          return hub.undeploy();
        }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void readinessSaysWhetherEachMailboxIsReadAndByWhichHub(Vertx vertx, VertxTestContext test) throws Exception {
    String support = mail.newMailbox("ready");
    String source = "email:" + support;
    // another hub (or one that died without giving it up) holds the mailbox when this one starts
    String lease = "crm:lease:" + source;
    HubConfig config = config(mail.emailSection(support, new JsonObject()));
    org.crmhub.hub.redis.Redis.connect(vertx, redis.url())
        .compose(direct -> direct.call(c -> c.set(lease, "hub_elsewhere", io.lettuce.core.SetArgs.Builder.px(60_000)))
            .compose(v -> TestHub.deploy(vertx, config))
            .compose(hub -> mailboxReadiness(hub, source)
                .compose(elsewhere -> {
                  test.verify(() -> {
                    assertEquals("read by another hub", elsewhere.getString("state"), elsewhere.encode());
                    assertEquals("hub_elsewhere", elsewhere.getString("holder"));
                    assertTrue(elsewhere.getLong("leaseEndsInMs") > 0 && elsewhere.getLong("leaseEndsInMs") <= 60_000);
                  });
                  return direct.call(c -> c.del(lease));
                })
                .compose(v -> Eventually.holds(vertx, 15_000, "this hub reads the mailbox once the lease is free",
                    () -> mailboxReadiness(hub, source).map(state -> "reading".equals(state.getString("state")))))
                .compose(v -> mailboxReadiness(hub, source))
                .compose(reading -> {
                  test.verify(() -> {
                    assertEquals(true, reading.getBoolean("reading"), reading.encode());
                    assertFalse(reading.containsKey("holder"));
                  });
                  return hub.undeploy();
                }))
            .eventually(direct::close))
        .onComplete(test.succeedingThenComplete());
  }

  private static Future<JsonObject> mailboxReadiness(TestHub hub, String source) {
    return hub.request(HttpMethod.GET, "/health/ready").send().map(response -> {
      JsonObject sources = response.bodyAsJsonObject().getJsonObject("sources", new JsonObject());
      return sources.getJsonObject(source, new JsonObject());
    });
  }
}
