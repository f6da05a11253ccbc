package org.crmhub.hub;

import java.nio.file.Path;
import java.time.Duration;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.crmhub.hub.webhooks.WebhookSettings;

/**
 * Runtime settings, read from the environment (names documented in the README).
 *
 * @param redisUrl null to start an embedded Redis in {@code dataDir}
 * @param adminPassword null to generate one on first start
 * @param bootstrapApiKey null for none
 * @param consumeIngest false to run a hub that accepts contacts but leaves processing to others
 * @param reclaimIdle how long a pending ingest entry may sit with a consumer before another takes it
 * @param maxDeliveries attempts before an ingest entry goes to the dead-letter stream
 * @param webhooks outbound webhook timeouts, retry schedule and target policy
 * @param phone the phone channel's connector settings (auth token, greeting, menu)
 */
public record HubConfig(
    String host,
    int port,
    String redisUrl,
    Path dataDir,
    String publicUrl,
    String adminPassword,
    String bootstrapApiKey,
    String defaultRegion,
    int bodyLimitBytes,
    boolean consumeIngest,
    Duration reclaimIdle,
    int maxDeliveries,
    int loginAttemptsPerWindow,
    Duration loginWindow,
    WebhookSettings webhooks,
    JsonObject phone) {

  public static HubConfig fromEnvironment(Map<String, String> env) {
    int port = intValue(env, "PORT", 8080);
    return new HubConfig(
        env.getOrDefault("CRMHUB_HOST", "0.0.0.0"),
        port,
        blankToNull(env.get("REDIS_URL")),
        Path.of(env.getOrDefault("CRMHUB_DATA_DIR", "./data")).toAbsolutePath().normalize(),
        env.getOrDefault("CRMHUB_PUBLIC_URL", "http://localhost:" + port),
        blankToNull(env.get("CRMHUB_ADMIN_PASSWORD")),
        blankToNull(env.get("CRMHUB_BOOTSTRAP_API_KEY")),
        env.getOrDefault("CRMHUB_DEFAULT_REGION", "US"),
        intValue(env, "CRMHUB_BODY_LIMIT_BYTES", 1024 * 1024),
        !"false".equalsIgnoreCase(env.getOrDefault("CRMHUB_CONSUME_INGEST", "true")),
        Duration.ofMillis(intValue(env, "CRMHUB_RECLAIM_IDLE_MS", 30_000)),
        intValue(env, "CRMHUB_MAX_DELIVERIES", 5),
        intValue(env, "CRMHUB_LOGIN_ATTEMPTS", 10),
        Duration.ofSeconds(intValue(env, "CRMHUB_LOGIN_WINDOW_SECONDS", 300)),
        WebhookSettings.fromEnvironment(env),
        phoneSettings(env));
  }

  public HubConfig withPort(int newPort) {
    return new HubConfig(host, newPort, redisUrl, dataDir, publicUrl, adminPassword, bootstrapApiKey,
        defaultRegion, bodyLimitBytes, consumeIngest, reclaimIdle, maxDeliveries,
        loginAttemptsPerWindow, loginWindow, webhooks, phone);
  }

  public HubConfig withPhone(JsonObject phoneSettings) {
    return new HubConfig(host, port, redisUrl, dataDir, publicUrl, adminPassword, bootstrapApiKey,
        defaultRegion, bodyLimitBytes, consumeIngest, reclaimIdle, maxDeliveries,
        loginAttemptsPerWindow, loginWindow, webhooks, phoneSettings);
  }

  public HubConfig withConsumeIngest(boolean consume) {
    return new HubConfig(host, port, redisUrl, dataDir, publicUrl, adminPassword, bootstrapApiKey,
        defaultRegion, bodyLimitBytes, consume, reclaimIdle, maxDeliveries,
        loginAttemptsPerWindow, loginWindow, webhooks, phone);
  }

  /** Cookies get the Secure flag unless the hub is plainly served over http to a non-local host. */
  public boolean secureCookies() {
    return publicUrl.startsWith("https://")
        || publicUrl.startsWith("http://localhost")
        || publicUrl.startsWith("http://127.0.0.1");
  }

  /** Settings of the phone channel (Twilio); the channel is off without an auth token. */
  private static JsonObject phoneSettings(Map<String, String> env) {
    JsonObject phone = new JsonObject()
        .put("authToken", blankToNull(env.get("TWILIO_AUTH_TOKEN")))
        .put("defaultRegion", env.getOrDefault("CRMHUB_DEFAULT_REGION", "US"))
        .put("eventsSecret", blankToNull(env.get("CRMHUB_IVR_EVENTS_SECRET")))
        .put("accountSid", blankToNull(env.get("TWILIO_ACCOUNT_SID")))
        .put("smsFrom", blankToNull(env.get("TWILIO_SMS_FROM")))
        .put("apiBaseUrl", env.getOrDefault("TWILIO_API_BASE_URL", "https://api.twilio.com"));
    if (env.get("CRMHUB_IVR_GREETING") != null) {
      phone.put("greeting", env.get("CRMHUB_IVR_GREETING"));
    }
    if (env.get("CRMHUB_IVR_MENU") != null) {
      phone.put("menu", env.get("CRMHUB_IVR_MENU"));
    }
    return phone;
  }

  private static int intValue(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
