package org.crmhub.connector.email;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.crmhub.connector.testkit.Awaits;
import org.crmhub.connector.testkit.TestConnectorContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A mailbox waiting in IMAP IDLE (GreenMail) takes new mail at once, without waiting for its poll. */
@ExtendWith(VertxExtension.class)
class MailboxIdleTest {

  private static final String ADDRESS = "idle@example.com";

  private final EmailConnector connector = new EmailConnector();
  private GreenMail greenMail;
  private TestConnectorContext context;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext test) {
    vertx.executeBlocking(() -> {
          greenMail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
          greenMail.start();
          greenMail.setUser(ADDRESS, "idle", "pw");
          // polling alone would take a minute: only IDLE can bring the mail in within the bound below
          return new JsonObject().put("replyTokenSecret", "idle-test-token-secret").put("mailboxes", new JsonArray()
              .add(new JsonObject().put("address", ADDRESS)
                  .put("imapUrl", "imap://idle:pw@127.0.0.1:" + greenMail.getImap().getPort() + "/INBOX")
                  .put("allowPlaintext", true).put("idle", true).put("pollIntervalMs", 60_000).put("idleRenewSeconds", 30)));
        })
        .compose(settings -> TestConnectorContext.startWith(vertx, settings, connector))
        .onComplete(test.succeeding(started -> {
          context = started;
          test.completeNow();
        }));
  }

  @AfterEach
  void stop(Vertx vertx, VertxTestContext test) {
    connector.stop()
        .eventually(() -> context.close())
        .eventually(() -> vertx.executeBlocking(() -> {
          greenMail.stop();
          return null;
        }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void idleDeliversNewMailWithoutWaitingForThePoll(Vertx vertx, VertxTestContext test) {
    // the first pass saves the (empty) folder's offset just before it goes into IDLE
    Awaits.until(vertx, 10_000, "the first pass has read the empty folder",
            () -> context.state().value("offset:" + ADDRESS + ":INBOX") != null)
        .compose(v -> vertx.executeBlocking(() -> {
          GreenMailUtil.sendTextEmail(ADDRESS, "cy@customer.example.org", "Hello", "Are you there?",
              greenMail.getSmtp().getServerSetup());
          return null;
        }))
        .compose(v -> Awaits.until(vertx, 5_000, "the mail arrives through IDLE", () -> !context.ingest().accepted().isEmpty()))
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertEquals("Hello", context.ingest().accepted().get(0).subject());
          test.completeNow();
        })));
  }
}
