package org.crmhub.hub.email;

import static org.crmhub.hub.email.EmailChannelTest.blocking;
import static org.crmhub.hub.email.EmailChannelTest.conversation;
import static org.crmhub.hub.email.EmailChannelTest.conversationsWith;
import static org.crmhub.hub.email.EmailChannelTest.customerOf;
import static org.crmhub.hub.email.EmailChannelTest.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.crmhub.connector.email.DovecotServer;
import org.crmhub.connector.email.PostfixServer;
import org.crmhub.hub.HubConfig;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.crmhub.hub.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The email channel against Debian's mail servers on loopback instead of GreenMail: the hub reads
 * a Dovecot mailbox (IMAP, IDLE) and sends through Postfix (SMTPUTF8), which delivers by LMTP into
 * Dovecot or, for {@link PostfixServer#REFUSING_DOMAIN}, bounces. Skipped with a message where
 * either server is missing or the tests cannot run Postfix.
 */
@ExtendWith(VertxExtension.class)
class RealMailServersTest {

  private static final String SUPPORT_DOMAIN = "support.example.com";
  private static final String CUSTOMER_DOMAIN = "customer.example.org";
  private static final String SUPPORT = DovecotServer.USER + "@" + SUPPORT_DOMAIN;

  static TestRedis redis;
  static DovecotServer dovecot;
  static PostfixServer postfix;

  @BeforeAll
  static void start() throws Exception {
    String why = DovecotServer.unavailable() != null ? DovecotServer.unavailable() : PostfixServer.unavailable();
    Assumptions.assumeTrue(why == null, why);
    dovecot = DovecotServer.start();
    postfix = PostfixServer.start(dovecot, List.of(SUPPORT_DOMAIN, CUSTOMER_DOMAIN));
    redis = TestRedis.start();
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable server : new AutoCloseable[] {redis, postfix, dovecot}) {
      if (server != null) {
        server.close();
      }
    }
  }

  /** The hub's email section: the support mailbox in Dovecot (IDLE), replies through Postfix. */
  private static HubConfig config(String folder, JsonObject overrides) throws Exception {
    JsonObject mailbox = new JsonObject()
        .put("address", SUPPORT)
        .put("imapUrl", dovecot.imapUrl(DovecotServer.USER, folder))
        .put("smtpUrl", postfix.smtpUrl())
        .put("allowPlaintext", true)
        .put("idle", true)
        .put("pollIntervalMs", 200);
    overrides.forEach(entry -> mailbox.put(entry.getKey(), entry.getValue()));
    JsonObject email = new JsonObject().put("sendAttempts", 1).put("mailboxes", new JsonArray().add(mailbox));
    return TestHub.config(redis.url(), TestDirectories.create("real-mail")).withChannel("email", email);
  }

  private static String customer(String name, String domain) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
  }

  private static Session smtpSession() {
    Properties props = new Properties();
    props.put("mail.smtp.host", "127.0.0.1");
    props.put("mail.smtp.port", Integer.toString(postfix.smtpPort()));
    props.put("mail.mime.allowutf8", "true");
    return Session.getInstance(props);
  }

  /** A customer's first mail, sent through Postfix, which delivers it into the support mailbox. */
  private static String sendToSupport(String from, String subject, String text) throws Exception {
    MimeMessage mail = new MimeMessage(smtpSession());
    mail.setFrom(new InternetAddress(from));
    mail.setRecipient(Message.RecipientType.TO, new InternetAddress(SUPPORT));
    mail.setSubject(subject, "UTF-8");
    mail.setText(text, "UTF-8");
    mail.saveChanges();
    Transport.send(mail);
    return mail.getMessageID();
  }

  private static Store imap(String user) throws Exception {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect("127.0.0.1", dovecot.port(), user, DovecotServer.PASSWORD);
    return store;
  }

  /** Runs {@code reading} on a folder of a Dovecot user's mailbox, read-only. */
  private interface FolderReader<T> {
    T read(Folder folder) throws Exception;
  }

  private static <T> T inFolder(String user, String name, FolderReader<T> reading) throws Exception {
    try (Store store = imap(user)) {
      Folder folder = store.getFolder(name);
      if (!folder.exists()) {
        folder.create(Folder.HOLDS_MESSAGES);
      }
      folder.open(Folder.READ_ONLY);
      try {
        return reading.read(folder);
      } finally {
        folder.close(false);
      }
    }
  }

  /** A new folder of the support mailbox: what it holds is the test's mail and nothing else. */
  private static String freshFolder(String name) throws Exception {
    String folder = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    inFolder(DovecotServer.USER, folder, each -> null);
    return folder;
  }

  @Test
  void aStaffReplyGoesOutThroughPostfixAndIsDeliveredIntoTheCustomersDovecotMailbox(Vertx vertx,
      VertxTestContext test) throws Exception {
    String ann = customer("ann", CUSTOMER_DOMAIN);
    String annUser = ann.substring(0, ann.indexOf('@'));
    JsonObject state = new JsonObject();
    TestHub.deploy(vertx, config("INBOX", new JsonObject()))
        .compose(hub -> blocking(vertx, () -> sendToSupport(ann, "Drucker brennt", "Mein Drucker brennt!"))
            .compose(firstId -> {
              state.put("firstId", firstId);
              return conversationsWith(vertx, hub, ann, 1);
            })
            .compose(conversations -> reply(hub, conversations.getJsonObject(0).getString("id"),
                "Bitte ziehen Sie den Stecker. Grüße, Zoë"))
            .compose(sent -> {
              test.verify(() -> assertEquals(201, sent.statusCode(), sent.bodyAsString()));
              state.put("replyId", sent.bodyAsJsonObject().getString("providerId"));
              return withPostfixLog(Eventually.holds(vertx, 15_000,
                  "Postfix delivers the reply by LMTP into ann's mailbox",
                  () -> blocking(vertx, () -> inFolder(annUser, "INBOX", Folder::getMessageCount) == 1)));
            })
            .compose(v -> blocking(vertx, () -> inFolder(annUser, "INBOX", inbox -> {
              MimeMessage received = (MimeMessage) inbox.getMessage(1);
              test.verify(() -> {
                assertEquals(SUPPORT, ((InternetAddress) received.getFrom()[0]).getAddress());
                assertEquals("Re: Drucker brennt", received.getSubject());
                assertEquals(state.getString("firstId"), received.getHeader("In-Reply-To", null));
                assertEquals("<" + state.getString("replyId") + ">", received.getMessageID());
                assertTrue(String.valueOf(received.getContent()).contains("Grüße, Zoë"), String.valueOf(received.getContent()));
                // Postfix names the protocol it took the reply with: UTF8SMTP once SMTPUTF8 was asked for
                String received1 = String.join("\n", received.getHeader("Received"));
                assertTrue(received1.contains("UTF8SMTP"), received1);
                assertTrue(received1.contains("postfix-test.example"), received1);
              });
              return null;
            })))
            .compose(v -> hub.undeploy()))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aRecipientTheNextHopRefusesComesBackAsAPostfixBounceAndMarksTheReplyBounced(Vertx vertx,
      VertxTestContext test) throws Exception {
    String zoe = customer("zoe", PostfixServer.REFUSING_DOMAIN);
    JsonObject state = new JsonObject();
    TestHub.deploy(vertx, config("INBOX", new JsonObject()))
        .compose(hub -> blocking(vertx, () -> sendToSupport(zoe, "Where is my parcel", "Still nothing."))
            .compose(v -> conversationsWith(vertx, hub, zoe, 1))
            .compose(conversations -> {
              state.put("conversationId", conversations.getJsonObject(0).getString("id"));
              return reply(hub, state.getString("conversationId"), "It left our warehouse today.");
            })
            .compose(sent -> {
              test.verify(() -> {
                assertEquals(201, sent.statusCode(), sent.bodyAsString());
                assertEquals("sent", sent.bodyAsJsonObject().getString("status"), "Postfix took it");
              });
              state.put("replyId", sent.bodyAsJsonObject().getString("id"));
              return withPostfixLog(Eventually.holds(vertx, 20_000, "Postfix's bounce marks the reply bounced",
                  () -> conversation(hub, state.getString("conversationId")).map(c -> c.getJsonArray("messages")
                      .stream().map(m -> (JsonObject) m).anyMatch(m -> "bounced".equals(m.getString("status"))))));
            })
            .compose(v -> conversation(hub, state.getString("conversationId")))
            .compose(bounced -> blocking(vertx, () -> {
              JsonObject outbound = bounced.getJsonArray("messages").stream().map(m -> (JsonObject) m)
                  .filter(m -> state.getString("replyId").equals(m.getString("id"))).findFirst().orElseThrow();
              String reportType = inFolder(DovecotServer.USER, "INBOX", RealMailServersTest::deliveryStatusType);
              test.verify(() -> {
                assertEquals("smtp; 550 5.1.1 <" + zoe + ">: Recipient address rejected: " + PostfixServer.REFUSAL,
                    outbound.getString("error"), "the whole Diagnostic-Code, unfolded");
                assertEquals(2, bounced.getJsonArray("messages").size(), "the bounce is no message of its own");
                assertEquals("message/global-delivery-status", reportType, "Postfix bounced in the SMTPUTF8 form");
              });
              return null;
            }))
            .compose(v -> hub.undeploy()))
        .onComplete(test.succeedingThenComplete());
  }

  /** A wait that failed says what Postfix did meanwhile: its log names every delivery and bounce. */
  private static <T> Future<T> withPostfixLog(Future<T> waiting) {
    return waiting.recover(failure -> {
      String log;
      try {
        log = postfix.log();
      } catch (java.io.IOException unreadable) {
        log = "(unreadable: " + unreadable + ")";
      }
      return Future.failedFuture(new AssertionError(failure.getMessage() + "\nPostfix's log:\n" + log, failure));
    });
  }

  /** The type of the status part of the (one) delivery report in the folder. */
  private static String deliveryStatusType(Folder folder) throws Exception {
    for (Message message : folder.getMessages()) {
      if (message.isMimeType("multipart/report")) {
        Multipart report = (Multipart) message.getContent();
        return report.getBodyPart(1).getContentType().split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
      }
    }
    return "no multipart/report in " + folder.getFullName();
  }

  @Test
  void aHubStoppedMidBacklogAndStartedAgainFilesEveryMailExactlyOnce(Vertx vertx, VertxTestContext test)
      throws Exception {
    int perCustomer = 20;
    List<String> customers = List.of(customer("amy", CUSTOMER_DOMAIN), customer("bo", CUSTOMER_DOMAIN),
        customer("cat", CUSTOMER_DOMAIN));
    String folder = freshFolder("backlog");
    appendBacklog(folder, customers, perCustomer);
    // small batches: the hub takes the backlog in many passes, so the stop lands between two of them
    HubConfig config = config(folder, new JsonObject().put("batchSize", 2));
    int backlog = customers.size() * perCustomer;
    TestHub.deploy(vertx, config)
        .compose(first -> Eventually.holds(vertx, 15_000, "the first hub has taken some of the backlog in",
                () -> blocking(vertx, () -> unseen(folder) < backlog))
            .compose(v -> first.undeploy()))
        .compose(v -> blocking(vertx, () -> unseen(folder)))
        .compose(leftOver -> {
          test.verify(() -> assertTrue(leftOver > 0 && leftOver < backlog,
              "stopped partway: " + leftOver + " of " + backlog + " mails not taken in yet"));
          return TestHub.deploy(vertx, config);
        })
        .compose(second -> Future.all(customers.stream()
                .map(each -> conversationsWith(vertx, second, each, perCustomer)).toList())
            // a mail read twice would be filed again before this later one: one more, then exactly one more
            .compose(v -> blocking(vertx, () -> {
              appendBacklog(folder, List.of(customers.get(0)), 1);
              return null;
            }))
            .compose(v -> conversationsWith(vertx, second, customers.get(0), perCustomer + 1))
            .compose(v -> filed(second, customers))
            .compose(filed -> {
              test.verify(() -> assertEquals(backlog + 1, filed));
              return blocking(vertx, () -> unseen(folder));
            })
            .compose(unseen -> {
              test.verify(() -> assertEquals(0, unseen, "every mail flagged \\Seen once it was taken in"));
              return second.undeploy();
            }))
        .onComplete(test.succeedingThenComplete());
  }

  /** Mails in the support mailbox's folder the hub has not taken in (it flags them {@code \Seen}). */
  private static int unseen(String folder) throws Exception {
    return inFolder(DovecotServer.USER, folder,
        each -> each.search(new jakarta.mail.search.FlagTerm(new Flags(Flags.Flag.SEEN), false)).length);
  }

  /** {@code perCustomer} mails from each customer, each its own subject, appended over IMAP. */
  private static void appendBacklog(String folder, List<String> customers, int perCustomer) throws Exception {
    Session session = Session.getInstance(new Properties());
    List<Message> mails = new ArrayList<>();
    for (int i = 0; i < perCustomer; i++) {
      for (String from : customers) {
        MimeMessage mail = new MimeMessage(session);
        mail.setFrom(new InternetAddress(from));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress(SUPPORT));
        mail.setSubject("Order " + UUID.randomUUID() + " missing", "UTF-8");
        mail.setText("Order number " + i + " has not arrived.", "UTF-8");
        mail.saveChanges();
        mails.add(mail);
      }
    }
    try (Store store = imap(DovecotServer.USER)) {
      store.getFolder(folder).appendMessages(mails.toArray(Message[]::new));
    }
  }

  /** Messages filed for these customers, in all their conversations. */
  private static Future<Integer> filed(TestHub hub, List<String> customers) {
    return Future.all(customers.stream().map(each -> customerOf(hub, "email:" + each)).toList())
        .map(all -> all.<JsonObject>list().stream()
            .filter(java.util.Objects::nonNull)
            .flatMap(c -> c.getJsonArray("conversations").stream())
            .mapToInt(each -> ((JsonObject) each).getInteger("messageCount"))
            .sum());
  }
}
