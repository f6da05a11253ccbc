package org.crmhub.hub.email;

import static org.crmhub.hub.email.EmailChannelTest.blocking;
import static org.crmhub.hub.email.EmailChannelTest.config;
import static org.crmhub.hub.email.EmailChannelTest.conversation;
import static org.crmhub.hub.email.EmailChannelTest.conversationsWith;
import static org.crmhub.hub.email.EmailChannelTest.customer;
import static org.crmhub.hub.email.EmailChannelTest.customerOf;
import static org.crmhub.hub.email.EmailChannelTest.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.UUID;
import org.crmhub.connector.email.HostileMail;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestHub;
import org.crmhub.hub.testing.TestMail;
import org.crmhub.hub.testing.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile and automatic mail through a whole hub: every readable mail arrives (nothing lost),
 * nothing in it runs, auto-replies and the mailbox's own mail stay out of the inbox, a bounce
 * marks the reply it returns, and an answer to a closed conversation reopens it.
 */
@ExtendWith({VertxExtension.class, EmailServersPerClass.class})
class HostileMailTest {

  private static TestMail mail() {
    return EmailChannelTest.mail;
  }

  private static String id() {
    return UUID.randomUUID() + "@hostile.example";
  }

  @Test
  void aHostileCorpusIsIngestedWholeAndAnAutoReplyStormNotAtAll(Vertx vertx, VertxTestContext test) throws Exception {
    String support = mail().newMailbox("hostile");
    String mallory = customer("mallory");
    String robot = customer("robot");
    JsonObject limits = new JsonObject().put("maxAttachmentBytes", 1024 * 1024).put("maxMessageAttachmentBytes", 2 * 1024 * 1024)
        .put("batchSize", 25);
    List<byte[]> corpus = List.of(
        HostileMail.nested(200, mallory, id()),
        HostileMail.manyParts(1_000, mallory, id()),
        HostileMail.scriptInHtml(mallory, id()),
        HostileMail.wrongCharsets(mallory, id()),
        HostileMail.malformed(mallory, id()),
        HostileMail.withAttachment(mallory, id(), 3 * 1024 * 1024));
    TestHub.deploy(vertx, config(mail().emailSection(support, limits))).compose(hub -> blocking(vertx, () -> {
          for (byte[] source : corpus) {
            mail().deliverRaw(support, source);
          }
          String[] storm = {"Auto-Submitted: auto-replied", "Precedence: bulk", "X-Autoreply: yes", "X-Autorespond: yes"};
          for (int i = 0; i < 40; i++) {
            mail().deliverRaw(support, HostileMail.autoReply(robot, id(), storm[i % storm.length]));
          }
          mail().deliverRaw(support, HostileMail.autoReply(support, id(), "X-Note: sent by the mailbox itself"));
          // a person's mail after the storm: once it is in, everything before it was handled
          mail().deliverRaw(support, HostileMail.autoReply(robot, id(), "X-Human: yes"));
          return null;
        })
        .compose(v -> conversationsWith(vertx, hub, mallory, corpus.size()))
        .compose(v -> conversationsWith(vertx, hub, robot, 1))
        .compose(v -> customerOf(hub, "email:" + mallory))
        .compose(customer -> {
          List<Future<JsonObject>> conversations = customer.getJsonArray("conversations").stream()
              .map(c -> conversation(hub, ((JsonObject) c).getString("id"))).toList();
          return Future.all(conversations).map(done -> conversations.stream()
              .flatMap(c -> c.result().getJsonArray("messages").stream().map(m -> (JsonObject) m)).toList());
        })
        .compose(messages -> {
          test.verify(() -> {
            assertEquals(corpus.size(), messages.size());
            for (JsonObject message : messages) {
              String html = message.getString("html", "");
              assertFalse(html.contains("<script") || html.contains("onclick") || html.contains("javascript:"), html);
            }
            JsonObject scripted = messages.stream().filter(m -> "Click me".equals(m.getString("subject"))).findFirst().orElseThrow();
            assertTrue(scripted.getString("html").contains("data-external-src"), scripted.getString("html"));
            JsonObject big = messages.stream().filter(m -> "Big file".equals(m.getString("subject"))).findFirst().orElseThrow();
            JsonObject attachment = big.getJsonObject("metadata").getJsonArray("attachments").getJsonObject(0);
            assertEquals(3 * 1024 * 1024, attachment.getInteger("size"));
            assertTrue(attachment.getString("note").startsWith("too large, not stored"), attachment.encode());
            assertTrue(messages.stream().anyMatch(m -> "Grüße aus Köln – ärger".equals(m.getString("subject"))));
          });
          return customerOf(hub, "email:" + support);
        })
        .compose(own -> {
          test.verify(() -> assertNull(own, "the mailbox's own mail never makes a customer"));
          return hub.undeploy();
        }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aBounceMarksTheReplyAndAnAnswerReopensAClosedConversation(Vertx vertx, VertxTestContext test) throws Exception {
    String support = mail().newMailbox("bounce");
    String gone = customer("gone");
    JsonObject state = new JsonObject();
    TestHub.deploy(vertx, config(mail().emailSection(support, new JsonObject()))).compose(hub -> blocking(vertx, () -> {
          mail().send(mail().mail(gone, support, "Help", "Please call me back"));
          return null;
        })
        .compose(v -> conversationsWith(vertx, hub, gone, 1))
        .compose(conversations -> {
          state.put("conversationId", conversations.getJsonObject(0).getString("id"));
          return reply(hub, state.getString("conversationId"), "We tried, please answer");
        })
        .compose(sent -> {
          String providerId = sent.bodyAsJsonObject().getString("providerId");
          state.put("providerId", providerId).put("replyId", sent.bodyAsJsonObject().getString("id"));
          return blocking(vertx, () -> {
            mail().deliverRaw(support, HostileMail.bounce(providerId, id()));
            return null;
          });
        })
        .compose(v -> Eventually.holds(vertx, 15_000, "the reply is marked bounced",
            () -> conversation(hub, state.getString("conversationId")).map(c -> c.getJsonArray("messages").stream()
                .map(m -> (JsonObject) m).anyMatch(m -> "bounced".equals(m.getString("status"))))))
        .compose(v -> conversation(hub, state.getString("conversationId")))
        .compose(bounced -> {
          test.verify(() -> {
            JsonObject outbound = bounced.getJsonArray("messages").stream().map(m -> (JsonObject) m)
                .filter(m -> state.getString("replyId").equals(m.getString("id"))).findFirst().orElseThrow();
            assertTrue(outbound.getString("error").contains("Recipient address rejected"), outbound.encode());
            assertEquals(2, bounced.getJsonArray("messages").size(), "the bounce is no new message");
          });
          return hub.authorized(HttpMethod.PATCH, "/api/v1/conversations/" + state.getString("conversationId"))
              .sendJsonObject(new JsonObject().put("status", "closed"));
        })
        .compose(closed -> {
          test.verify(() -> assertEquals(200, closed.statusCode(), closed.bodyAsString()));
          return blocking(vertx, () -> {
            MimeMessage late = mail().mail(gone, support, "Re: Help", "Sorry, I was away. Still need help.");
            late.setHeader("In-Reply-To", "<" + state.getString("providerId") + ">");
            mail().send(late);
            return null;
          });
        })
        .compose(v -> conversationsWith(vertx, hub, gone, 3))
        .compose(conversations -> {
          test.verify(() -> assertEquals(new JsonArray().add(state.getString("conversationId")),
              new JsonArray(conversations.stream().map(c -> ((JsonObject) c).getString("id")).toList())));
          return conversation(hub, state.getString("conversationId"));
        })
        .compose(reopened -> {
          test.verify(() -> assertEquals("open", reopened.getString("status")));
          return hub.undeploy();
        }))
        .onComplete(test.succeedingThenComplete());
  }
}
