package org.crmhub.hub.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestMail;
import org.crmhub.portal.SmtpMailer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The portal's mail (confirmation and reset links) sent for real, through GreenMail's SMTP on loopback. */
@ExtendWith(VertxExtension.class)
class PortalMailTest {

  private TestMail mail;

  @BeforeEach
  void startMail() {
    mail = TestMail.start();
  }

  @AfterEach
  void stopMail() {
    mail.close();
  }

  @Test
  void aLinkIsMailedWithAnAuthenticatedLoginWhosePasswordNeedsEncoding(Vertx vertx) throws Exception {
    String password = "p@ss:w/rd%1";
    mail.greenMail().setUser("portal@support.example.com", "portal", password);
    String url = "smtp://portal:" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@127.0.0.1:" + mail.smtpPort();
    SmtpMailer mailer = new SmtpMailer(vertx, url, "portal@support.example.com");
    String link = "https://portal.example.com/confirm?token=abc.def";

    mailer.send("anna@example.org", "Confirm your email", "Open this link to confirm: " + link).await();

    Eventually.holds(vertx, 10_000, "the mail arrived", () -> io.vertx.core.Future.succeededFuture(
        !mail.receivedBy("anna@example.org").isEmpty())).await();
    List<MimeMessage> received = mail.receivedBy("anna@example.org");
    assertEquals(1, received.size());
    MimeMessage message = received.get(0);
    assertEquals("Confirm your email", message.getSubject());
    assertEquals("portal@support.example.com", ((InternetAddress) message.getFrom()[0]).getAddress());
    assertTrue(String.valueOf(message.getContent()).contains(link), String.valueOf(message.getContent()));
    mailer.close().await();
  }

  @Test
  void aWrongPasswordIsRefusedByTheServer(Vertx vertx) {
    mail.greenMail().setUser("portal@support.example.com", "portal", "right-password");
    SmtpMailer mailer = new SmtpMailer(vertx, "smtp://portal:wrong-password@127.0.0.1:" + mail.smtpPort(),
        "portal@support.example.com");
    assertThrows(Exception.class, () -> mailer.send("anna@example.org", "Confirm your email", "text").await());
    assertTrue(mail.receivedBy("anna@example.org").isEmpty());
  }

  @Test
  void anUnknownSchemeIsRefusedByName(Vertx vertx) {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> new SmtpMailer(vertx, "http://127.0.0.1:25", "portal@support.example.com"));
    assertTrue(refused.getMessage().contains("PORTAL_SMTP_URL"), refused.getMessage());
  }
}
