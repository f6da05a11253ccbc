package org.crmhub.connector.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The blocking IMAP side against GreenMail: fetching above an offset, marking, IDLE and waking it. */
class ImapMailboxTest {

  private GreenMail greenMail;
  private ImapMailbox mailbox;
  private final String address = "support@example.com";

  @BeforeEach
  void start() {
    greenMail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
    greenMail.start();
    greenMail.setUser(address, "support", "pw");
    mailbox = new ImapMailbox(MailboxSettings.from(new JsonObject()
        .put("address", address)
        .put("imapUrl", "imap://support:pw@127.0.0.1:" + greenMail.getImap().getPort() + "/INBOX")
        .put("allowPlaintext", true)
        .put("idleRenewSeconds", 5)));
  }

  @AfterEach
  void stop() {
    mailbox.close();
    greenMail.stop();
  }

  private void send(String subject) {
    GreenMailUtil.sendTextEmail(address, "ann@example.org", subject, "body", greenMail.getSmtp().getServerSetup());
  }

  @Test
  void fetchesAboveTheOffsetAndMarksWhatWasHandled() throws Exception {
    send("one");
    send("two");
    send("three");
    ImapMailbox.Batch first = mailbox.fetch(MailboxOffset.NONE, 2);
    assertEquals(2, first.mails().size());
    assertTrue(first.more() && first.resync());
    mailbox.markProcessed(List.of(first.mails().get(0).uid(), first.mails().get(1).uid()));
    ImapMailbox.Batch rest = mailbox.fetch(new MailboxOffset(first.uidValidity(), first.highestUid()), 2);
    assertEquals(1, rest.mails().size());
    assertTrue(new String(rest.mails().get(0).source()).contains("Subject: three"));
    // a renumbered folder is read again, but what was marked \\Seen is left out
    ImapMailbox.Batch resynced = mailbox.fetch(new MailboxOffset(first.uidValidity() + 1, 99), 10);
    assertEquals(1, resynced.mails().size());
  }

  @Test
  void findsMailBeyondAGapOfDeletedUidsWiderThanItsWindow() throws Exception {
    int sent = 150;
    for (int i = 1; i <= sent; i++) {
      send("mail " + i);
    }
    // mails 2..140 deleted by someone else: a gap far wider than one batch or UID window
    jakarta.mail.Store other = jakarta.mail.Session.getInstance(new java.util.Properties()).getStore("imap");
    other.connect("127.0.0.1", greenMail.getImap().getPort(), "support", "pw");
    jakarta.mail.Folder inbox = other.getFolder("INBOX");
    inbox.open(jakarta.mail.Folder.READ_WRITE);
    inbox.setFlags(2, 140, new jakarta.mail.Flags(jakarta.mail.Flags.Flag.DELETED), true);
    inbox.close(true);
    other.close();

    ImapMailbox.Batch first = mailbox.fetch(MailboxOffset.NONE, 5);
    assertEquals(List.of(1L, 141L, 142L, 143L, 144L), first.mails().stream().map(ImapMailbox.Fetched::uid).toList());
    assertTrue(first.more());
    ImapMailbox.Batch rest = mailbox.fetch(new MailboxOffset(first.uidValidity(), first.highestUid()), 100);
    assertEquals(List.of(145L, 146L, 147L, 148L, 149L, 150L), rest.mails().stream().map(ImapMailbox.Fetched::uid).toList());
    assertTrue(!rest.more(), "nothing left");
    assertTrue(!mailbox.hasNewerThan(150));
    send("one more");
    assertTrue(mailbox.hasNewerThan(150), "mail that arrived since the last command is seen");
  }

  @Test
  void idleReturnsWhenMailArrivesAndWakeUpEndsIt() throws Exception {
    assertTrue(mailbox.supportsIdle());
    mailbox.fetch(MailboxOffset.NONE, 10);
    CompletableFuture<Void> idle = CompletableFuture.runAsync(() -> {
      try {
        mailbox.idle();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    // a mail that comes before the IDLE has begun wakes nothing, so mail keeps coming until one does
    for (int i = 0; i < 20 && !idle.isDone(); i++) {
      send("wake up " + i);
      try {
        idle.get(500, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException notYet) {
        // send another
      }
    }
    idle.get(1, TimeUnit.SECONDS);
    CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
      try {
        mailbox.idle();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    // a wake-up sent before the IDLE began is lost, so it is repeated, as the poller does
    for (int i = 0; i < 50 && !second.isDone(); i++) {
      mailbox.wakeUp();
      try {
        second.get(200, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException notYet) {
        // wake again
      }
    }
    second.get(1, TimeUnit.SECONDS);
  }
}
