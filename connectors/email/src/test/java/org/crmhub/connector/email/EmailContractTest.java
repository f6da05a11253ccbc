package org.crmhub.connector.email;

import com.icegreen.greenmail.store.StoredMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.crmhub.connector.Connector;
import org.crmhub.connector.testkit.ConnectorContract;

/**
 * A GreenMail mailbox read by the EmailConnector, against the connector contract: a mail counts as
 * taken once it is marked \Seen and the mailbox offset has moved past its UID, and both happen only
 * after the hub accepted it. The same mail delivered twice (same Message-ID) is a duplicate.
 */
class EmailContractTest extends ConnectorContract {

  private static final String ADDRESS = "support@example.com";

  private GreenMailbox mailbox;

  @Override
  protected Connector newConnector() {
    return new EmailConnector();
  }

  /** Polled every 100 ms without IDLE, so a refused pass is tried again soon. */
  @Override
  protected Future<JsonObject> settings(Vertx vertx) {
    return GreenMailbox.start(vertx, ADDRESS, "support").map(started -> {
      mailbox = started;
      return mailbox.settings(new JsonObject().put("idle", false).put("pollIntervalMs", 100));
    });
  }

  @Override
  protected boolean savesOffsets() {
    return true;
  }

  @Override
  protected Future<Void> stopProvider() {
    return mailbox == null ? Future.succeededFuture() : mailbox.stop(vertx);
  }

  /** A mail with Message-ID {@code <key@contract.test>} lands in the mailbox. */
  @Override
  protected Future<Void> deliver(String key) {
    String source = "From: Ann <ann@example.org>\r\nTo: " + ADDRESS + "\r\nSubject: Order " + key
        + "\r\nMessage-ID: <" + key + "@contract.test>\r\nDate: Sat, 5 Dec 2026 08:00:00 +0000\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n\r\nWhere is order " + key + "?\r\n";
    return vertx.executeBlocking(() -> {
      mailbox.user.deliver(new MimeMessage(Session.getInstance(new Properties()),
          new ByteArrayInputStream(source.getBytes(StandardCharsets.UTF_8))));
      return null;
    });
  }

  /** The sender's server delivers the same mail again. */
  @Override
  protected Future<Void> redeliver(String key) {
    return deliver(key);
  }

  /** A mailbox is read again by the connector itself: nothing to resend. */
  @Override
  protected Future<Void> retry(String key) {
    return Future.succeededFuture();
  }

  @Override
  protected Future<Boolean> acknowledged(String key) {
    return copies(key).map(copies -> !copies.isEmpty()
        && copies.stream().allMatch(copy -> copy.seen() && copy.uid() <= offsetUid()));
  }

  @Override
  protected Future<Boolean> leftForRetry(String key) {
    return copies(key).map(copies -> !copies.isEmpty()
        && copies.stream().noneMatch(copy -> copy.seen() || copy.uid() <= offsetUid()));
  }

  private record Copy(long uid, boolean seen) {}

  /** Every copy of the mail in the mailbox, as the server keeps it. */
  private Future<List<Copy>> copies(String key) {
    String messageId = "<" + key + "@contract.test>";
    return vertx.executeBlocking(() -> {
      List<Copy> found = new java.util.ArrayList<>();
      for (StoredMessage stored : mailbox.server.getManagers().getImapHostManager().getInbox(mailbox.user).getMessages()) {
        if (messageId.equals(stored.getMimeMessage().getMessageID())) {
          found.add(new Copy(stored.getUid(), stored.getFlags().contains(Flags.Flag.SEEN)));
        }
      }
      return found;
    });
  }

  private long offsetUid() {
    return MailboxOffset.parse(context.state().value(mailbox.offsetKey())).lastUid();
  }
}
