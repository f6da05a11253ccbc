package org.crmhub.hub.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.client.impl.WebClientInternal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.http.HttpRequest.Builder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.crmhub.client.ApiClient;
import org.crmhub.hub.sentiment.learning.LearningSettings;
import org.crmhub.hub.Hub;
import org.crmhub.hub.HubConfig;
import org.crmhub.hub.attachment.BlobSettings;
import org.crmhub.hub.ingest.IntakeSettings;
import org.crmhub.hub.ingest.ReplicaAcks;
import org.crmhub.hub.privacy.PrivacySettings;
import org.crmhub.hub.webhooks.WebhookSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crmhub.connector.Environment;
import org.crmhub.portal.PortalConfig;

/** A hub deployed on loopback port 0 against a test Redis, with a client and a raw WebClient. */
public final class TestHub {

  public static final String API_KEY = "test-bootstrap-key-0123456789";
  public static final String ADMIN_PASSWORD = "admin-password-for-tests";
  public static final String TWILIO_TOKEN = "twilio-test-auth-token";
  public static final String META_APP_SECRET = "meta-test-app-secret-0123456789";
  public static final String META_VERIFY_TOKEN = "meta-test-verify-token";
  public static final String IVR_EVENTS_SECRET = "whsec_dGVzdC1pdnItZXZlbnRzLXNlY3JldC0xMjM0NTY3OA==";

  private final Vertx vertx;
  private final Hub hub;
  private final String deploymentId;
  private final WebClient web;
  private final RecordingMailer portalMails;
  private final List<String> contractViolations = new java.util.concurrent.CopyOnWriteArrayList<>();

  private TestHub(Vertx vertx, Hub hub, String deploymentId, RecordingMailer portalMails) {
    this.vertx = vertx;
    this.hub = hub;
    this.deploymentId = deploymentId;
    this.portalMails = portalMails;
    this.web = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1")
        .setDefaultPort(hub.port()));
    ((WebClientInternal) web).addInterceptor(this::checkAgainstContract);
  }

  /** Every response this client receives is checked against the contract's schema for it. */
  private void checkAgainstContract(HttpContext<?> context) {
    if (context.phase() == ClientPhase.DISPATCH_RESPONSE && context.response().body() instanceof Buffer body) {
      String type = String.valueOf(context.response().getHeader("Content-Type")).split(";")[0].trim();
      String method = context.request().method().name();
      String uri = context.request().uri();
      List<String> violations = ContractSchemas.responseViolations(method, uri, context.response().statusCode(),
          type, body.toString());
      if (!violations.isEmpty()) {
        contractViolations.add(method + " " + uri + " " + context.response().statusCode() + " " + body + " -> "
            + violations);
      }
    }
    context.next();
  }

  /** REST responses that broke the contract so far. */
  public List<String> contractViolations() {
    return List.copyOf(contractViolations);
  }

  /** Webhooks for tests: loopback targets allowed, a one-second timeout, a short retry schedule. */
  public static final WebhookSettings WEBHOOKS = new WebhookSettings(Duration.ofSeconds(1),
      List.of(Duration.ZERO, Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(600)),
      true, Set.of());

  /** Learning for tests: the default threshold, and hubs that look for a newer model every 200 ms. */
  public static final LearningSettings LEARNING = new LearningSettings(20, Duration.ofMillis(200));

  /** Settings for tests: fast reclaim, few retries, small login window. */
  public static HubConfig config(String redisUrl, Path dataDir) {
    return config(redisUrl, dataDir, WEBHOOKS);
  }

  public static HubConfig config(String redisUrl, Path dataDir, WebhookSettings webhooks) {
    return new HubConfig("127.0.0.1", 0, redisUrl, dataDir, "http://127.0.0.1", ADMIN_PASSWORD, API_KEY,
        "DE", 64 * 1024, 2, true, IntakeSettings.DEFAULTS.withMaxBacklog(0), Duration.ofMillis(400), 3, 5, Duration.ofSeconds(60), webhooks,
        new JsonObject().put("phone", new JsonObject()
            .put("authToken", TWILIO_TOKEN).put("defaultRegion", "DE").put("menu", "1=sales,2=billing")
            .put("eventsSecret", IVR_EVENTS_SECRET))
            .put("meta", new JsonObject().put("appSecret", META_APP_SECRET).put("verifyToken", META_VERIFY_TOKEN)),
        PortalConfig.MailSettings.fromEnvironment(new Environment(Map.of())), ReplicaAcks.NONE,
        BlobSettings.files(dataDir.resolve("attachments")), LEARNING,
        dataDir.resolve("search"), PrivacySettings.KEEP_EVERYTHING);
  }

  public static Future<TestHub> deploy(Vertx vertx, HubConfig config) {
    RecordingMailer mails = new RecordingMailer();
    Hub hub = new Hub(config, false, mails);
    return vertx.deployVerticle(hub).map(id -> new TestHub(vertx, hub, id, mails));
  }

  /** A client for a hub deployed elsewhere (e.g. in demo mode). */
  public static TestHub attach(Vertx vertx, Hub hub, String deploymentId) {
    return new TestHub(vertx, hub, deploymentId, new RecordingMailer());
  }

  /** Undeploys; fails when a REST response this client received broke the contract. */
  public Future<Void> undeploy() {
    web.close();
    return vertx.undeploy(deploymentId).compose(v -> contractViolations.isEmpty()
        ? Future.succeededFuture()
        : Future.failedFuture(new AssertionError(contractViolations.size()
            + " response(s) broke the contract, e.g. " + contractViolations.get(0))));
  }

  public int port() {
    return hub.port();
  }

  public Hub hub() {
    return hub;
  }

  /** The mails this hub sent to portal customers (reset links, sign-in warnings). */
  public RecordingMailer portalMails() {
    return portalMails;
  }

  /** A generated-client configuration that sends the given bearer key. */
  public ApiClient client(String apiKey) {
    ApiClient client = new ApiClient();
    client.updateBaseUri("http://127.0.0.1:" + port());
    client.setReadTimeout(Duration.ofSeconds(10));
    Consumer<Builder> auth = builder -> builder.header("Authorization", "Bearer " + apiKey);
    client.setRequestInterceptor(auth);
    return client;
  }

  public ApiClient client() {
    return client(API_KEY);
  }

  /** Raw HTTP for inputs the generated client would refuse to send. */
  public HttpRequest<Buffer> request(HttpMethod method, String path) {
    return web.request(method, path);
  }

  public HttpRequest<Buffer> authorized(HttpMethod method, String path) {
    return web.request(method, path).bearerTokenAuthentication(API_KEY);
  }

  public static JsonObject contact(String externalId, String email, String text) {
    return new JsonObject()
        .put("channel", "api")
        .put("externalId", externalId)
        .put("from", new JsonObject().put("email", email))
        .put("text", text);
  }
}
