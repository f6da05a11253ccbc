package org.crmhub.connector.email;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.crmhub.connector.Connector;
import org.crmhub.connector.testkit.Awaits;
import org.crmhub.connector.testkit.ConnectorTest;
import org.junit.jupiter.api.Test;

/** A mailbox waiting in IMAP IDLE (GreenMail) takes new mail at once, without waiting for its poll. */
class MailboxIdleTest extends ConnectorTest {

  private static final String ADDRESS = "idle@example.com";

  private GreenMailbox mailbox;

  @Override
  protected Connector newConnector() {
    return new EmailConnector();
  }

  @Override
  protected Future<JsonObject> settings(Vertx vertx) {
    return GreenMailbox.start(vertx, ADDRESS, "idle").map(started -> {
      mailbox = started;
      // polling alone would take a minute: only IDLE can bring the mail in within the bound below
      return mailbox.settings(new JsonObject().put("idle", true).put("pollIntervalMs", 60_000).put("idleRenewSeconds", 30));
    });
  }

  @Override
  protected Future<Void> stopProvider() {
    return mailbox == null ? Future.succeededFuture() : mailbox.stop(vertx);
  }

  @Test
  void idleDeliversNewMailWithoutWaitingForThePoll(VertxTestContext test) {
    // the first pass saves the (empty) folder's offset just before it goes into IDLE
    Awaits.until(vertx, 10_000, "the first pass has read the empty folder",
            () -> context.state().value(mailbox.offsetKey()) != null)
        .compose(v -> vertx.executeBlocking(() -> {
          GreenMailUtil.sendTextEmail(ADDRESS, "cy@customer.example.org", "Hello", "Are you there?",
              mailbox.server.getSmtp().getServerSetup());
          return null;
        }))
        .compose(v -> Awaits.until(vertx, 5_000, "the mail arrives through IDLE", () -> !context.ingest().accepted().isEmpty()))
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertEquals("Hello", context.ingest().accepted().get(0).subject());
          test.completeNow();
        })));
  }
}
