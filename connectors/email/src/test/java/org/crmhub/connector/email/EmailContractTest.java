package org.crmhub.connector.email;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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

  private GreenMail greenMail;
  private GreenMailUser user;

  @Override
  protected Connector newConnector() {
    return new EmailConnector();
  }

  /** Polled every 100 ms without IDLE, so a refused pass is tried again soon. */
  @Override
  protected Future<JsonObject> settings(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      greenMail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
      greenMail.start();
      user = greenMail.setUser(ADDRESS, "support", "pw");
      return new JsonObject().put("replyTokenSecret", "contract-test-token-secret").put("mailboxes", new JsonArray()
          .add(new JsonObject().put("address", ADDRESS)
              .put("imapUrl", "imap://support:pw@127.0.0.1:" + greenMail.getImap().getPort() + "/INBOX")
              .put("allowPlaintext", true).put("idle", false).put("pollIntervalMs", 100)));
    });
  }

  @Override
  protected boolean savesOffsets() {
    return true;
  }

  @Override
  protected Future<Void> stopProvider() {
    return greenMail == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      greenMail.stop();
      return null;
    });
  }

  /** A mail with Message-ID {@code <key@contract.test>} lands in the mailbox. */
  @Override
  protected Future<Void> deliver(String key) {
    String source = "From: Ann <ann@example.org>\r\nTo: " + ADDRESS + "\r\nSubject: Order " + key
        + "\r\nMessage-ID: <" + key + "@contract.test>\r\nDate: Sat, 5 Dec 2026 08:00:00 +0000\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n\r\nWhere is order " + key + "?\r\n";
    return vertx.executeBlocking(() -> {
      user.deliver(new MimeMessage(Session.getInstance(new Properties()),
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
      for (StoredMessage stored : greenMail.getManagers().getImapHostManager().getInbox(user).getMessages()) {
        if (messageId.equals(stored.getMimeMessage().getMessageID())) {
          found.add(new Copy(stored.getUid(), stored.getFlags().contains(Flags.Flag.SEEN)));
        }
      }
      return found;
    });
  }

  private long offsetUid() {
    return MailboxOffset.parse(context.state().value("offset:" + ADDRESS + ":INBOX")).lastUid();
  }
}
