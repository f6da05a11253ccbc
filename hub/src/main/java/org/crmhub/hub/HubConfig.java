package org.crmhub.hub;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.crmhub.connector.Environment;
import org.crmhub.hub.attachment.BlobSettings;
import org.crmhub.hub.channels.ChannelsConfig;
import org.crmhub.hub.ingest.IntakeSettings;
import org.crmhub.hub.ingest.ReplicaAcks;
import org.crmhub.hub.privacy.PrivacySettings;
import org.crmhub.hub.sentiment.learning.LearningSettings;
import org.crmhub.hub.webhooks.WebhookSettings;
import org.crmhub.portal.PortalConfig;

/**
 * Runtime settings, read from the environment (names documented in the README): the hub's own,
 * then typed sections (webhooks, the portal's mail), and each connector's section of the channels
 * file with the variables that connector reads. A value that cannot be used stops start-up naming
 * its variable.
 *
 * @param redisUrl null to start an embedded Redis in {@code dataDir}
 * @param adminPassword null to generate one on first start
 * @param bootstrapApiKey null for none
 * @param httpInstances HTTP servers sharing the port, each on an event loop of its own (one per core by default)
 * @param consumeIngest false to run a hub that accepts contacts but leaves processing to others
 * @param intake when answers to new contacts slow down and when they are refused, by how many wait to be filed
 * @param reclaimIdle how long a pending ingest entry may sit with a consumer before another takes it
 * @param maxDeliveries attempts before an ingest entry goes to the dead-letter stream
 * @param webhooks outbound webhook timeouts, retry schedule and target policy
 * @param channels each connector's settings by section name ({@code phone}, {@code email}, ...)
 * @param portalMail how the hub mails portal customers (password-reset links) and where their links point
 * @param replicaAcks replicas that must confirm an accepted contact before it is answered
 * @param blobs where attachment content is kept (files under the data dir, or S3)
 * @param sentimentLearning when the learned sentiment model is retrained and looked for
 * @param searchDir this hub's own full-text index (derived from Redis, rebuilt when missing)
 * @param privacy the retention period
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
    int httpInstances,
    boolean consumeIngest,
    IntakeSettings intake,
    Duration reclaimIdle,
    int maxDeliveries,
    int loginAttemptsPerWindow,
    Duration loginWindow,
    WebhookSettings webhooks,
    JsonObject channels,
    PortalConfig.MailSettings portalMail,
    ReplicaAcks replicaAcks,
    BlobSettings blobs,
    LearningSettings sentimentLearning,
    Path searchDir,
    PrivacySettings privacy) {

  public static HubConfig fromEnvironment(Map<String, String> variables) {
    Environment env = new Environment(variables);
    int port = env.wholeNumber("PORT", 8080);
    Path dataDir = Path.of(env.text("CRMHUB_DATA_DIR", "./data")).toAbsolutePath().normalize();
    return new HubConfig(
        env.text("CRMHUB_HOST", "0.0.0.0"),
        port,
        env.text("REDIS_URL"),
        dataDir,
        env.text("CRMHUB_PUBLIC_URL", "http://localhost:" + port),
        env.text("CRMHUB_ADMIN_PASSWORD"),
        env.text("CRMHUB_BOOTSTRAP_API_KEY"),
        env.text("CRMHUB_DEFAULT_REGION", "US"),
        env.wholeNumber("CRMHUB_BODY_LIMIT_BYTES", 1024 * 1024),
        env.positiveNumber("CRMHUB_HTTP_INSTANCES", Runtime.getRuntime().availableProcessors()),
        env.flag("CRMHUB_CONSUME_INGEST", true),
        IntakeSettings.fromEnvironment(env),
        env.millis("CRMHUB_RECLAIM_IDLE_MS", Duration.ofSeconds(30)),
        env.wholeNumber("CRMHUB_MAX_DELIVERIES", 5),
        env.wholeNumber("CRMHUB_LOGIN_ATTEMPTS", 10),
        env.seconds("CRMHUB_LOGIN_WINDOW_SECONDS", Duration.ofMinutes(5)),
        WebhookSettings.fromEnvironment(env),
        ChannelsConfig.load(env, Hub.installedConnectors().installed()),
        PortalConfig.MailSettings.fromEnvironment(env),
        ReplicaAcks.fromEnvironment(env),
        BlobSettings.fromEnvironment(env, dataDir),
        LearningSettings.fromEnvironment(env),
        Path.of(env.text("CRMHUB_SEARCH_DIR", dataDir.resolve("search").toString())).toAbsolutePath().normalize(),
        PrivacySettings.fromEnvironment(env));
  }

  public HubConfig withPort(int newPort) {
    return new HubConfig(host, newPort, redisUrl, dataDir, publicUrl, adminPassword, bootstrapApiKey,
        defaultRegion, bodyLimitBytes, httpInstances, consumeIngest, intake, reclaimIdle, maxDeliveries,
        loginAttemptsPerWindow, loginWindow, webhooks, channels, portalMail, replicaAcks, blobs, sentimentLearning, searchDir, privacy);
  }

  /** The same settings with one connector's section replaced. */
  public HubConfig withChannel(String section, JsonObject settings) {
    JsonObject changed = channels.copy().put(section, settings);
    return new HubConfig(host, port, redisUrl, dataDir, publicUrl, adminPassword, bootstrapApiKey,
        defaultRegion, bodyLimitBytes, httpInstances, consumeIngest, intake, reclaimIdle, maxDeliveries,
        loginAttemptsPerWindow, loginWindow, webhooks, changed, portalMail, replicaAcks, blobs, sentimentLearning, searchDir, privacy);
  }

  /** One connector's settings; empty when the section is absent. */
  public JsonObject channel(String section) {
    return channels.getJsonObject(section, new JsonObject()).copy();
  }

  public HubConfig withConsumeIngest(boolean consume) {
    return new HubConfig(host, port, redisUrl, dataDir, publicUrl, adminPassword, bootstrapApiKey,
        defaultRegion, bodyLimitBytes, httpInstances, consume, intake, reclaimIdle, maxDeliveries,
        loginAttemptsPerWindow, loginWindow, webhooks, channels, portalMail, replicaAcks, blobs, sentimentLearning, searchDir, privacy);
  }

  public HubConfig withMaxBacklog(long limit) {
    return new HubConfig(host, port, redisUrl, dataDir, publicUrl, adminPassword, bootstrapApiKey,
        defaultRegion, bodyLimitBytes, httpInstances, consumeIngest, intake.withMaxBacklog(limit), reclaimIdle, maxDeliveries,
        loginAttemptsPerWindow, loginWindow, webhooks, channels, portalMail, replicaAcks, blobs, sentimentLearning, searchDir, privacy);
  }

  public HubConfig withIntake(IntakeSettings settings) {
    return new HubConfig(host, port, redisUrl, dataDir, publicUrl, adminPassword, bootstrapApiKey,
        defaultRegion, bodyLimitBytes, httpInstances, consumeIngest, settings, reclaimIdle, maxDeliveries,
        loginAttemptsPerWindow, loginWindow, webhooks, channels, portalMail, replicaAcks, blobs, sentimentLearning, searchDir, privacy);
  }

  public HubConfig withReplicaAcks(ReplicaAcks acks) {
    return new HubConfig(host, port, redisUrl, dataDir, publicUrl, adminPassword, bootstrapApiKey,
        defaultRegion, bodyLimitBytes, httpInstances, consumeIngest, intake, reclaimIdle, maxDeliveries,
        loginAttemptsPerWindow, loginWindow, webhooks, channels, portalMail, acks, blobs, sentimentLearning, searchDir, privacy);
  }

  public HubConfig withBlobs(BlobSettings settings) {
    return new HubConfig(host, port, redisUrl, dataDir, publicUrl, adminPassword, bootstrapApiKey,
        defaultRegion, bodyLimitBytes, httpInstances, consumeIngest, intake, reclaimIdle, maxDeliveries,
        loginAttemptsPerWindow, loginWindow, webhooks, channels, portalMail, replicaAcks, settings, sentimentLearning, searchDir, privacy);
  }

  public HubConfig withSentimentLearning(LearningSettings settings) {
    return new HubConfig(host, port, redisUrl, dataDir, publicUrl, adminPassword, bootstrapApiKey,
        defaultRegion, bodyLimitBytes, httpInstances, consumeIngest, intake, reclaimIdle, maxDeliveries,
        loginAttemptsPerWindow, loginWindow, webhooks, channels, portalMail, replicaAcks, blobs, settings, searchDir, privacy);
  }

  public HubConfig withPrivacy(PrivacySettings settings) {
    return new HubConfig(host, port, redisUrl, dataDir, publicUrl, adminPassword, bootstrapApiKey,
        defaultRegion, bodyLimitBytes, httpInstances, consumeIngest, intake, reclaimIdle, maxDeliveries,
        loginAttemptsPerWindow, loginWindow, webhooks, channels, portalMail, replicaAcks, blobs, sentimentLearning,
        searchDir, settings);
  }

  /** Cookies get the Secure flag unless the hub is plainly served over http to a non-local host. */
  public boolean secureCookies() {
    return publicUrl.startsWith("https://")
        || publicUrl.startsWith("http://localhost")
        || publicUrl.startsWith("http://127.0.0.1");
  }
}
