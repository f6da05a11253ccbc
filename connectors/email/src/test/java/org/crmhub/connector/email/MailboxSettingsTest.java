package org.crmhub.connector.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MailboxSettingsTest {

  private static JsonObject mailbox() {
    return new JsonObject()
        .put("address", "support@example.com")
        .put("imapUrl", "imaps://support:pw@imap.example.com:993/INBOX");
  }

  @Test
  void theMailboxLeaseLastsThirtySecondsUnlessSet() {
    assertEquals(Duration.ofSeconds(30), MailboxSettings.from(mailbox()).lease());
    assertEquals(Duration.ofSeconds(4), MailboxSettings.from(mailbox().put("leaseSeconds", 4)).lease());
  }

  @Test
  void aLeaseShorterThanASecondIsRefusedByName() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> MailboxSettings.from(mailbox().put("leaseSeconds", 0)));
    assertTrue(refused.getMessage().contains("leaseSeconds"), refused.getMessage());
  }
}
