package org.crmhub.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import org.junit.jupiter.api.Test;

class SmtpMailerTest {

  @Test
  void smtpToAnotherHostMustUpgradeWithStartTls() {
    MailConfig config = SmtpMailer.config("smtp://portal:secret@mail.example.com:587");
    assertEquals(StartTLSOptions.REQUIRED, config.getStarttls());
    assertFalse(config.isSsl());
    assertEquals(LoginOption.REQUIRED, config.getLogin());
    assertEquals(587, config.getPort());
  }

  @Test
  void smtpsIsTlsFromTheStartAndARelayOnThisMachineMaySpeakPlainText() {
    MailConfig tls = SmtpMailer.config("smtps://portal:secret@mail.example.com");
    assertTrue(tls.isSsl());
    assertEquals(465, tls.getPort());
    assertEquals(StartTLSOptions.OPTIONAL, SmtpMailer.config("smtp://127.0.0.1:2525").getStarttls());
    assertEquals(StartTLSOptions.OPTIONAL, SmtpMailer.config("smtp://localhost").getStarttls());
    assertEquals(LoginOption.DISABLED, SmtpMailer.config("smtp://localhost").getLogin());
  }
}
