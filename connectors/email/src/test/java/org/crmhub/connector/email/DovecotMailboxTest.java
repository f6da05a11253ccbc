package org.crmhub.connector.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The IMAP side against a real server, Debian's Dovecot, beside the GreenMail tests: mails appended
 * without a Message-ID, and IDLE woken by a delivery. Skipped with a message where Dovecot is missing.
 */
class DovecotMailboxTest {

  private static DovecotServer dovecot;
  private final String address = "support@example.com";
  private ImapMailbox mailbox;
  private MailboxSettings settings;

  @BeforeAll
  static void startDovecot() throws Exception {
    String why = DovecotServer.unavailable();
    Assumptions.assumeTrue(why == null, why);
    dovecot = DovecotServer.start();
  }

  @AfterAll
  static void stopDovecot() throws Exception {
    if (dovecot != null) {
      dovecot.close();
    }
  }

  @BeforeEach
  void open() throws Exception {
    settings = MailboxSettings.from(new JsonObject()
        .put("address", address)
        .put("imapUrl", dovecot.imapUrl())
        .put("allowPlaintext", true)
        .put("idleRenewSeconds", 20));
    mailbox = new ImapMailbox(settings);
    // each test starts from an empty INBOX
    try (Store store = store()) {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      for (Message message : inbox.getMessages()) {
        message.setFlag(Flags.Flag.DELETED, true);
      }
      inbox.close(true);
    }
  }

  @AfterEach
  void close() {
    mailbox.close();
  }

  private Store store() throws Exception {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect("127.0.0.1", dovecot.port(), DovecotServer.USER, DovecotServer.PASSWORD);
    return store;
  }

  private void append(byte[] source) throws Exception {
    try (Store store = store()) {
      Folder inbox = store.getFolder("INBOX");
      inbox.appendMessages(new Message[] {new MimeMessage(Session.getInstance(new Properties()),
          new ByteArrayInputStream(source))});
    }
  }

  @Test
  void threeIdenticalMailsWithoutMessageIdAppendedOverImapAreThreeMailsEachReadAgainAsItself() throws Exception {
    byte[] source = HostileMail.bytes("From: ann@customer.example.org\nTo: " + address
        + "\nSubject: no id\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n\nthe same text\n");
    for (int i = 0; i < 3; i++) {
      append(source);
    }
    MailPreparer preparer = new MailPreparer(settings, new ReplyTokens("secret"), java.time.Duration.ofHours(1), null);
    List<String> first = externalIds(preparer, mailbox.fetch(MailboxOffset.NONE, 10));
    assertEquals(3, first.size());
    assertEquals(3, new HashSet<>(first).size(), "three mails, three keys: " + first);
    assertEquals(first, externalIds(preparer, mailbox.fetch(MailboxOffset.NONE, 10)), "read again: the same keys");
  }

  private static List<String> externalIds(MailPreparer preparer, ImapMailbox.Batch batch) {
    return batch.mails().stream().map(fetched -> preparer.prepare(fetched).contact().externalId()).toList();
  }

  @Test
  void idleEndsWhenMailIsDelivered() throws Exception {
    assertTrue(mailbox.supportsIdle(), "Dovecot offers IDLE");
    ImapMailbox.Batch empty = mailbox.fetch(MailboxOffset.NONE, 10);
    assertEquals(0, empty.mails().size());
    CountDownLatch idleEnded = new CountDownLatch(1);
    Set<Throwable> failures = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Thread idler = new Thread(() -> {
      try {
        mailbox.idle();
      } catch (Exception e) {
        failures.add(e);
      }
      idleEnded.countDown();
    }, "dovecot-idle");
    idler.start();
    // delivered from another connection once the IDLE is (very likely) running; the IDLE must
    // return on the server's EXISTS, long before its 20 s renewal
    assertTrue(!idleEnded.await(500, TimeUnit.MILLISECONDS), "the IDLE waits while nothing arrives");
    append(HostileMail.bytes(HostileMail.headers("ann@customer.example.org", "hello", "idle-1@x") + "\nhi\n"));
    assertTrue(idleEnded.await(10, TimeUnit.SECONDS), "IDLE returned after the delivery");
    assertTrue(failures.isEmpty(), failures.toString());
    ImapMailbox.Batch delivered = mailbox.fetch(new MailboxOffset(empty.uidValidity(), empty.highestUid()), 10);
    assertEquals(1, delivered.mails().size());
  }
}
