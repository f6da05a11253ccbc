package org.crmhub.hub;

import static org.crmhub.hub.channels.ChannelsConfig.blankToNull;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.crmhub.hub.channels.ChannelsConfig;
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
 * @param channels each connector's settings by section name ({@code phone}, {@code email}, ...)
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
    JsonObject channels) {

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
        ChannelsConfig.load(env));
  }

  public HubConfig withPort(int newPort) {
    return new HubConfig(host, newPort, redisUrl, dataDir, publicUrl, adminPassword, bootstrapApiKey,
        defaultRegion, bodyLimitBytes, consumeIngest, reclaimIdle, maxDeliveries,
        loginAttemptsPerWindow, loginWindow, webhooks, channels);
  }

  /** The same settings with one connector's section replaced. */
  public HubConfig withChannel(String section, JsonObject settings) {
    JsonObject changed = channels.copy().put(section, settings);
    return new HubConfig(host, port, redisUrl, dataDir, publicUrl, adminPassword, bootstrapApiKey,
        defaultRegion, bodyLimitBytes, consumeIngest, reclaimIdle, maxDeliveries,
        loginAttemptsPerWindow, loginWindow, webhooks, changed);
  }

  /** One connector's settings; empty when the section is absent. */
  public JsonObject channel(String section) {
    return channels.getJsonObject(section, new JsonObject()).copy();
  }

  public HubConfig withConsumeIngest(boolean consume) {
    return new HubConfig(host, port, redisUrl, dataDir, publicUrl, adminPassword, bootstrapApiKey,
        defaultRegion, bodyLimitBytes, consume, reclaimIdle, maxDeliveries,
        loginAttemptsPerWindow, loginWindow, webhooks, channels);
  }

  /** Cookies get the Secure flag unless the hub is plainly served over http to a non-local host. */
  public boolean secureCookies() {
    return publicUrl.startsWith("https://")
        || publicUrl.startsWith("http://localhost")
        || publicUrl.startsWith("http://127.0.0.1");
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
}
