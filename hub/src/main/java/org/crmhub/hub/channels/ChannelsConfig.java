package org.crmhub.hub.channels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The connectors' settings: the {@code channels} section of the file named by {@code CRMHUB_CONFIG}
 * (YAML or JSON), with one section per connector ({@code phone}, {@code email}, ...), overlaid by
 * the environment variables for the simple one-account case. A value set in the environment wins.
 */
public final class ChannelsConfig {

  private ChannelsConfig() {}

  public static JsonObject load(Map<String, String> env) {
    JsonObject channels = fromFile(env.get("CRMHUB_CONFIG"));
    String region = env.getOrDefault("CRMHUB_DEFAULT_REGION", "US");
    channels.put("phone", overlay(channels.getJsonObject("phone"), phoneFromEnvironment(env)).put("defaultRegion", region));
    channels.put("x", overlay(channels.getJsonObject("x"), xFromEnvironment(env)).put("defaultRegion", region));
    channels.put("meta", overlay(channels.getJsonObject("meta"), metaFromEnvironment(env)).put("defaultRegion", region));
    channels.put("email", emailWithEnvironment(channels.getJsonObject("email"), env));
    return channels;
  }

  private static JsonObject fromFile(String location) {
    if (location == null || location.isBlank()) {
      return new JsonObject();
    }
    Path path = Path.of(location);
    try {
      ObjectMapper mapper = location.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
      @SuppressWarnings("unchecked")
      Map<String, Object> root = mapper.readValue(Files.readString(path), Map.class);
      Object channels = root == null ? null : root.get("channels");
      if (channels != null && !(channels instanceof Map)) {
        throw new IllegalArgumentException("CRMHUB_CONFIG: 'channels' must be a mapping of connector name to settings");
      }
      @SuppressWarnings("unchecked")
      JsonObject section = channels == null ? new JsonObject() : new JsonObject((Map<String, Object>) channels);
      return section;
    } catch (IOException e) {
      // the message names the file and the line, never its content (it may hold passwords)
      throw new IllegalArgumentException("CRMHUB_CONFIG " + path.getFileName() + " cannot be read: "
          + firstLine(e.getMessage()));
    }
  }

  /** Settings of the phone channel (Twilio); the channel is off without an auth token. */
  private static JsonObject phoneFromEnvironment(Map<String, String> env) {
    JsonObject phone = new JsonObject()
        .put("authToken", blankToNull(env.get("TWILIO_AUTH_TOKEN")))
        .put("eventsSecret", blankToNull(env.get("CRMHUB_IVR_EVENTS_SECRET")))
        .put("accountSid", blankToNull(env.get("TWILIO_ACCOUNT_SID")))
        .put("smsFrom", blankToNull(env.get("TWILIO_SMS_FROM")))
        .put("apiBaseUrl", blankToNull(env.get("TWILIO_API_BASE_URL")))
        .put("greeting", blankToNull(env.get("CRMHUB_IVR_GREETING")))
        .put("menu", blankToNull(env.get("CRMHUB_IVR_MENU")));
    if (phone.getString("apiBaseUrl") == null) {
      phone.put("apiBaseUrl", "https://api.twilio.com");
    }
    return phone;
  }

  /** Settings of the X channel: OAuth 1.0a user keys, the account polled, poll or push mode. */
  private static JsonObject xFromEnvironment(Map<String, String> env) {
    JsonObject x = new JsonObject()
        .put("consumerKey", blankToNull(env.get("CRMHUB_X_CONSUMER_KEY")))
        .put("consumerSecret", blankToNull(env.get("CRMHUB_X_CONSUMER_SECRET")))
        .put("accessToken", blankToNull(env.get("CRMHUB_X_ACCESS_TOKEN")))
        .put("accessTokenSecret", blankToNull(env.get("CRMHUB_X_ACCESS_TOKEN_SECRET")))
        .put("bearerToken", blankToNull(env.get("CRMHUB_X_BEARER_TOKEN")))
        .put("accountUserId", blankToNull(env.get("CRMHUB_X_ACCOUNT_USER_ID")))
        .put("apiBaseUrl", blankToNull(env.get("CRMHUB_X_API_BASE_URL")))
        .put("mode", blankToNull(env.get("CRMHUB_X_MODE")));
    String interval = blankToNull(env.get("CRMHUB_X_POLL_INTERVAL_SECONDS"));
    if (interval != null) {
      try {
        x.put("pollIntervalMillis", Math.multiplyExact(Long.parseLong(interval.trim()), 1000L));
      } catch (NumberFormatException | ArithmeticException e) {
        throw new IllegalArgumentException("CRMHUB_X_POLL_INTERVAL_SECONDS must be a whole number, got '" + interval + "'");
      }
    }
    return x;
  }

  /** Settings of Messenger / Instagram; receiving is off without the app secret and verify token. */
  private static JsonObject metaFromEnvironment(Map<String, String> env) {
    return new JsonObject()
        .put("appSecret", blankToNull(env.get("CRMHUB_META_APP_SECRET")))
        .put("verifyToken", blankToNull(env.get("CRMHUB_META_VERIFY_TOKEN")))
        .put("pageAccessToken", blankToNull(env.get("CRMHUB_META_PAGE_ACCESS_TOKEN")))
        .put("graphBaseUrl", blankToNull(env.get("CRMHUB_META_GRAPH_BASE_URL")))
        .put("apiVersion", blankToNull(env.get("CRMHUB_META_API_VERSION")));
  }

  /**
   * The email section with the one-mailbox environment variables applied: they configure the
   * mailbox of {@code CRMHUB_EMAIL_ADDRESS} (overriding its URLs when the file lists it too).
   */
  private static JsonObject emailWithEnvironment(JsonObject fromFile, Map<String, String> env) {
    JsonObject email = fromFile == null ? new JsonObject() : fromFile.copy();
    String imapUrl = blankToNull(env.get("CRMHUB_EMAIL_IMAP_URL"));
    String address = blankToNull(env.get("CRMHUB_EMAIL_ADDRESS"));
    if (imapUrl == null && address == null && blankToNull(env.get("CRMHUB_EMAIL_SMTP_URL")) == null) {
      return email;
    }
    if (address == null) {
      throw new IllegalArgumentException("CRMHUB_EMAIL_ADDRESS must name the mailbox the email URLs belong to");
    }
    Object listed = email.getValue("mailboxes");
    io.vertx.core.json.JsonArray mailboxes = listed instanceof io.vertx.core.json.JsonArray array
        ? array.copy() : new io.vertx.core.json.JsonArray();
    JsonObject fromEnvironment = new JsonObject()
        .put("address", address)
        .put("imapUrl", imapUrl)
        .put("smtpUrl", blankToNull(env.get("CRMHUB_EMAIL_SMTP_URL")));
    for (int i = 0; i < mailboxes.size(); i++) {
      Object each = mailboxes.getValue(i);
      if (each instanceof JsonObject mailbox && address.equalsIgnoreCase(mailbox.getString("address"))) {
        mailboxes.set(i, overlay(mailbox, fromEnvironment));
        return email.put("mailboxes", mailboxes);
      }
    }
    mailboxes.add(overlay(new JsonObject(), fromEnvironment));
    return email.put("mailboxes", mailboxes);
  }

  /** {@code base} with every non-null value of {@code overrides} put over it. */
  public static JsonObject overlay(JsonObject base, JsonObject overrides) {
    JsonObject merged = base == null ? new JsonObject() : base.copy();
    overrides.forEach(entry -> {
      if (entry.getValue() != null) {
        merged.put(entry.getKey(), entry.getValue());
      }
    });
    return merged;
  }

  public static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
