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
}
