package org.crmhub.hub.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelsConfigTest {

  @TempDir
  Path dir;

  @Test
  void yamlSectionsAreReadAndTheEnvironmentWins() throws Exception {
    Path file = dir.resolve("channels.yaml");
    Files.writeString(file, """
        channels:
          phone:
            authToken: from-file
            greeting: Hello from the file
          email:
            mailboxes:
              - address: support@example.com
                imapUrl: imaps://support:secret@imap.example.com:993/INBOX
        """);
    JsonObject channels = ChannelsConfig.load(Map.of("CRMHUB_CONFIG", file.toString(), "TWILIO_AUTH_TOKEN", "from-env"));
    JsonObject phone = channels.getJsonObject("phone");
    assertEquals("from-env", phone.getString("authToken"));
    assertEquals("Hello from the file", phone.getString("greeting"));
    assertEquals("support@example.com",
        channels.getJsonObject("email").getJsonArray("mailboxes").getJsonObject(0).getString("address"));
  }

  @Test
  void jsonWorksTooAndNoFileMeansEnvironmentOnly() throws Exception {
    Path file = dir.resolve("channels.json");
    Files.writeString(file, "{\"channels\": {\"phone\": {\"menu\": \"1=sales\"}}}");
    assertEquals("1=sales", ChannelsConfig.load(Map.of("CRMHUB_CONFIG", file.toString()))
        .getJsonObject("phone").getString("menu"));
    JsonObject phone = ChannelsConfig.load(Map.of()).getJsonObject("phone");
    assertFalse(phone.containsKey("authToken"), "no token, phone channel off");
  }

  @Test
  void anUnreadableFileIsRefusedWithoutEchoingItsContent() throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, "channels: [password: hunter2\n  : :");
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ChannelsConfig.load(Map.of("CRMHUB_CONFIG", file.toString())));
    assertFalse(refused.getMessage().contains("hunter2"), refused.getMessage());
  }

  @Test
  void theEmailEnvironmentConfiguresOneMailboxOrOverridesTheFilesOne() throws Exception {
    Path file = dir.resolve("mail.yaml");
    Files.writeString(file, """
        channels:
          email:
            subjectWindowHours: 24
            mailboxes:
              - address: support@example.com
                imapUrl: imaps://support:old@imap.example.com/INBOX
                processedFolder: Done
        """);
    JsonObject email = ChannelsConfig.load(Map.of("CRMHUB_CONFIG", file.toString(),
        "CRMHUB_EMAIL_ADDRESS", "Support@example.com",
        "CRMHUB_EMAIL_IMAP_URL", "imaps://support:new@imap.example.com/INBOX",
        "CRMHUB_EMAIL_SMTP_URL", "smtps://support:new@smtp.example.com")).getJsonObject("email");
    assertEquals(1, email.getJsonArray("mailboxes").size());
    JsonObject mailbox = email.getJsonArray("mailboxes").getJsonObject(0);
    assertEquals("imaps://support:new@imap.example.com/INBOX", mailbox.getString("imapUrl"));
    assertEquals("Done", mailbox.getString("processedFolder"));
    assertEquals(24, email.getInteger("subjectWindowHours"));
    JsonObject alone = ChannelsConfig.load(Map.of("CRMHUB_EMAIL_ADDRESS", "help@example.com",
        "CRMHUB_EMAIL_IMAP_URL", "imap://help:pw@localhost/INBOX")).getJsonObject("email");
    assertEquals("help@example.com", alone.getJsonArray("mailboxes").getJsonObject(0).getString("address"));
    assertThrows(IllegalArgumentException.class,
        () -> ChannelsConfig.load(Map.of("CRMHUB_EMAIL_IMAP_URL", "imap://help:pw@localhost/INBOX")));
  }
}
