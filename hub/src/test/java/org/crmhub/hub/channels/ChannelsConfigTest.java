package org.crmhub.hub.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.crmhub.connector.Environment;
import org.crmhub.hub.Hub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelsConfigTest {

  @TempDir
  Path dir;

  private static JsonObject load(Map<String, String> environment) {
    return ChannelsConfig.load(new Environment(environment), Hub.installedConnectors().installed());
  }

  @Test
  void aSectionThatIsNotAMappingIsRefusedByName() throws Exception {
    Path file = dir.resolve("wrong.yaml");
    Files.writeString(file, "channels:\n  phone: yes please\n");
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> load(Map.of("CRMHUB_CONFIG", file.toString())));
    assertTrue(refused.getMessage().contains("channels.phone"), refused.getMessage());
  }

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
    JsonObject channels = load(Map.of("CRMHUB_CONFIG", file.toString(), "TWILIO_AUTH_TOKEN", "from-env"));
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
    assertEquals("1=sales", load(Map.of("CRMHUB_CONFIG", file.toString()))
        .getJsonObject("phone").getString("menu"));
    JsonObject phone = load(Map.of()).getJsonObject("phone");
    assertFalse(phone.containsKey("authToken"), "no token, phone channel off");
  }

  @Test
  void anUnreadableFileIsRefusedWithoutEchoingItsContent() throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, "channels: [password: hunter2\n  : :");
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> load(Map.of("CRMHUB_CONFIG", file.toString())));
    assertFalse(refused.getMessage().contains("hunter2"), refused.getMessage());
  }

  @Test
  void xAndMetaSectionsTakeTheirEnvironmentOverTheFile() throws Exception {
    Path file = dir.resolve("social.yaml");
    Files.writeString(file, """
        channels:
          x:
            accountUserId: "42"
            consumerKey: from-file
            mode: push
          meta:
            apiVersion: v20.0
            verifyToken: from-file
        """);
    JsonObject channels = load(Map.of("CRMHUB_CONFIG", file.toString(),
        "CRMHUB_X_CONSUMER_KEY", "ck-env", "CRMHUB_X_POLL_INTERVAL_SECONDS", "30",
        "CRMHUB_META_APP_SECRET", "secret-env", "CRMHUB_META_GRAPH_BASE_URL", "http://127.0.0.1:9"));
    JsonObject x = channels.getJsonObject("x");
    assertEquals("ck-env", x.getString("consumerKey"));
    assertEquals("42", x.getString("accountUserId"));
    assertEquals("push", x.getString("mode"));
    assertEquals(30_000L, x.getLong("pollIntervalMillis"));
    JsonObject meta = channels.getJsonObject("meta");
    assertEquals("secret-env", meta.getString("appSecret"));
    assertEquals("from-file", meta.getString("verifyToken"));
    assertEquals("v20.0", meta.getString("apiVersion"));
    assertEquals("http://127.0.0.1:9", meta.getString("graphBaseUrl"));
    assertThrows(IllegalArgumentException.class,
        () -> load(Map.of("CRMHUB_X_POLL_INTERVAL_SECONDS", "soon")));
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
    JsonObject email = load(Map.of("CRMHUB_CONFIG", file.toString(),
        "CRMHUB_EMAIL_ADDRESS", "Support@example.com",
        "CRMHUB_EMAIL_IMAP_URL", "imaps://support:new@imap.example.com/INBOX",
        "CRMHUB_EMAIL_SMTP_URL", "smtps://support:new@smtp.example.com")).getJsonObject("email");
    assertEquals(1, email.getJsonArray("mailboxes").size());
    JsonObject mailbox = email.getJsonArray("mailboxes").getJsonObject(0);
    assertEquals("imaps://support:new@imap.example.com/INBOX", mailbox.getString("imapUrl"));
    assertEquals("Done", mailbox.getString("processedFolder"));
    assertEquals(24, email.getInteger("subjectWindowHours"));
    JsonObject alone = load(Map.of("CRMHUB_EMAIL_ADDRESS", "help@example.com",
        "CRMHUB_EMAIL_IMAP_URL", "imap://help:pw@localhost/INBOX")).getJsonObject("email");
    assertEquals("help@example.com", alone.getJsonArray("mailboxes").getJsonObject(0).getString("address"));
    assertThrows(IllegalArgumentException.class,
        () -> load(Map.of("CRMHUB_EMAIL_IMAP_URL", "imap://help:pw@localhost/INBOX")));
  }
}
