package org.crmhub.hub.testing;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/** A GreenMail SMTP + IMAP server on loopback dynamic ports, with helpers to send and read mail. */
public final class TestMail implements AutoCloseable {

  public static final String PASSWORD = "mailbox-password-7f3a";

  private final GreenMail greenMail;
  private final Session session;

  private TestMail(GreenMail greenMail) {
    this.greenMail = greenMail;
    Properties props = new Properties();
    props.put("mail.smtp.host", "127.0.0.1");
    props.put("mail.smtp.port", Integer.toString(greenMail.getSmtp().getPort()));
    props.put("mail.mime.allowutf8", "true");
    this.session = Session.getInstance(props);
  }

  public static TestMail start() {
    GreenMail greenMail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
    greenMail.start();
    return new TestMail(greenMail);
  }

  public int smtpPort() {
    return greenMail.getSmtp().getPort();
  }

  public int imapPort() {
    return greenMail.getImap().getPort();
  }

  public GreenMail greenMail() {
    return greenMail;
  }

  public Session session() {
    return session;
  }

  /** A fresh mailbox address on GreenMail, with login = its local part. */
  public String newMailbox(String prefix) {
    String local = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    String address = local + "@support.example.com";
    greenMail.setUser(address, local, PASSWORD);
    return address;
  }

  public GreenMailUser user(String address) {
    return greenMail.getUserManager().getUserByEmail(address);
  }

  /** The hub's email section for one mailbox on this server, plaintext allowed (loopback). */
  public JsonObject emailSection(String address, JsonObject overrides) {
    String login = address.substring(0, address.indexOf('@'));
    JsonObject mailbox = new JsonObject()
        .put("address", address)
        .put("imapUrl", "imap://" + login + ":" + PASSWORD + "@127.0.0.1:" + imapPort() + "/INBOX")
        .put("smtpUrl", "smtp://127.0.0.1:" + smtpPort())
        .put("allowPlaintext", true)
        .put("pollIntervalMs", 200)
        .put("idle", false);
    overrides.forEach(entry -> mailbox.put(entry.getKey(), entry.getValue()));
    return new JsonObject()
        .put("sendAttempts", 2)
        .put("sendRetryDelayMs", 20)
        .put("mailboxes", new JsonArray().add(mailbox));
  }

  /** A plain text mail. */
  public MimeMessage mail(String from, String to, String subject, String text) throws MessagingException {
    MimeMessage message = new KeepsItsId(session);
    message.setFrom(new InternetAddress(from));
    message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
    message.setSubject(subject, "UTF-8");
    message.setText(text, "UTF-8");
    return message;
  }

  /** A message whose Message-ID, once set by the test, survives sending. */
  private static final class KeepsItsId extends MimeMessage {
    KeepsItsId(Session session) {
      super(session);
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      if (getHeader("Message-ID") == null) {
        super.updateMessageID();
      }
    }
  }

  /** Sends over GreenMail's SMTP server to the given envelope recipients (default: the To header). */
  public void send(MimeMessage message, String... envelopeTo) throws MessagingException {
    message.saveChanges();
    Transport.send(message, envelopeTo.length == 0 ? message.getAllRecipients()
        : Arrays.stream(envelopeTo).map(address -> {
          try {
            return new InternetAddress(address);
          } catch (MessagingException e) {
            throw new IllegalArgumentException(e);
          }
        }).toArray(InternetAddress[]::new));
  }

  /** Puts raw MIME source straight into a mailbox (for mail no client would send). */
  public void deliverRaw(String mailbox, byte[] source) throws MessagingException {
    user(mailbox).deliver(new MimeMessage(session, new ByteArrayInputStream(source)));
  }

  /** Mails in the mailbox's INBOX not flagged {@code \Seen} (the hub flags what it has taken in). */
  public int unseen(String address) {
    try {
      return greenMail.getManagers().getImapHostManager().getInbox(user(address)).getUnseenCount();
    } catch (com.icegreen.greenmail.store.FolderException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Mail GreenMail received for one address. */
  public List<MimeMessage> receivedBy(String address) {
    return Arrays.stream(greenMail.getReceivedMessages()).filter(message -> {
      try {
        return Arrays.stream(message.getAllRecipients())
            .anyMatch(recipient -> ((InternetAddress) recipient).getAddress().equalsIgnoreCase(address));
      } catch (MessagingException e) {
        return false;
      }
    }).toList();
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
