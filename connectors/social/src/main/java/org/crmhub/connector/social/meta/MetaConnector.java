package org.crmhub.connector.social.meta;

import static org.crmhub.connector.WebhookProblems.problem;
import org.crmhub.connector.ConnectorSettings;
import org.crmhub.connector.Environment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.regex.Pattern;
import org.crmhub.connector.Channel;
import org.crmhub.connector.Connector;
import org.crmhub.connector.ConnectorContext;
import org.crmhub.connector.HmacSha256;
import org.crmhub.connector.IdentityType;
import org.crmhub.connector.Ingest;
import org.crmhub.connector.OutboundReply;
import org.crmhub.connector.WebhookProblems;
import org.crmhub.connector.social.EventBatches;
import org.crmhub.connector.social.SignedWebhook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Facebook Messenger and Instagram messages through Meta's webhooks: {@code GET /webhooks/meta}
 * answers the subscription handshake, {@code POST /webhooks/meta} takes events signed with
 * {@code X-Hub-Signature-256} (checked on the raw body before parsing). Meta gets its 200 only
 * once every contact in the body is durable, so a retried POST is a duplicate (same mid) and
 * stores nothing new. Customers are known by their page-scoped id (PSID / IGSID).
 */
public final class MetaConnector implements Connector {

  static final String PATH = "/webhooks/meta";
  private static final Logger LOG = LoggerFactory.getLogger(MetaConnector.class);
  private static final int BODY_LIMIT = 512 * 1024;
  /** A challenge is echoed back as text: only plain tokens, never markup. */
  private static final Pattern SAFE_CHALLENGE = Pattern.compile("^[A-Za-z0-9_.~-]{1,256}$");

  private MetaSettings settings;
  private Ingest ingest;
  private MetaEvents events;
  private MetaSendApi sendApi;

  /** Receiving is on with the app secret and verify token; replies need the page access token. */
  @Override
  public JsonObject withEnvironment(JsonObject section, Environment environment) {
    return ConnectorSettings.overlay(section, new JsonObject()
        .put("appSecret", environment.text("CRMHUB_META_APP_SECRET"))
        .put("verifyToken", environment.text("CRMHUB_META_VERIFY_TOKEN"))
        .put("pageAccessToken", environment.text("CRMHUB_META_PAGE_ACCESS_TOKEN"))
        .put("graphBaseUrl", environment.text("CRMHUB_META_GRAPH_BASE_URL"))
        .put("apiVersion", environment.text("CRMHUB_META_API_VERSION")));
  }

  @Override
  public String name() {
    return "meta";
  }

  /** Replies go out only once the page access token is set. */
  @Override
  public Set<Channel> channels() {
    return sendApi == null ? Set.of() : Set.of(Channel.MESSENGER, Channel.INSTAGRAM);
  }

  @Override
  public Future<Void> start(ConnectorContext context) {
    settings = MetaSettings.from(context.config());
    if (!settings.receives()) {
      LOG.info("Messenger / Instagram off: CRMHUB_META_APP_SECRET and CRMHUB_META_VERIFY_TOKEN are not both set");
      return Future.succeededFuture();
    }
    ingest = context.ingest();
    events = new MetaEvents(context.identities());
    if (settings.sends()) {
      sendApi = new MetaSendApi(context.vertx(), settings);
    }
    context.router().get(PATH).handler(this::verifySubscription);
    SignedWebhook.mount(context.router(), PATH, BODY_LIMIT, "X-Hub-Signature-256", this::signedByMeta, this::receive);
    LOG.info("Messenger / Instagram webhooks on {} ({})", PATH, settings);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    if (sendApi != null) {
      sendApi.close();
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<String> send(OutboundReply reply) {
    if (sendApi == null) {
      return Future.failedFuture(new IllegalStateException("Meta replies are not configured (CRMHUB_META_PAGE_ACCESS_TOKEN)"));
    }
    // the answered message names the page-scoped id on this channel; a merged customer may have several
    JsonObject answered = reply.answered();
    String recipient = answered.getValue("senderId") instanceof String senderId ? senderId
        : reply.to().type() == IdentityType.META ? reply.to().value() : null;
    if (recipient == null) {
      return Future.failedFuture(new IllegalArgumentException("a Meta reply needs the customer's page-scoped id"));
    }
    return sendApi.send(recipient, reply.text());
  }

  private boolean signedByMeta(String header, byte[] body) {
    return header.startsWith("sha256=")
        && HmacSha256.matchesHex(HmacSha256.hex(settings.appSecret(), body), header.substring("sha256=".length()));
  }

  /** Meta's handshake: echo the challenge when the mode and our verify token are right. */
  private void verifySubscription(RoutingContext ctx) {
    String mode = ctx.request().getParam("hub.mode");
    String token = ctx.request().getParam("hub.verify_token");
    String challenge = ctx.request().getParam("hub.challenge");
    if (!"subscribe".equals(mode)) {
      problem(ctx, 400, "Bad request", "hub.mode must be subscribe");
    } else if (!HmacSha256.equal(settings.verifyToken(), token)) {
      problem(ctx, 403, "Forbidden", "hub.verify_token does not match");
    } else if (challenge == null || !SAFE_CHALLENGE.matcher(challenge).matches()) {
      problem(ctx, 400, "Bad request", "hub.challenge is missing or not a plain token");
    } else {
      ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(challenge);
    }
  }

  private void receive(RoutingContext ctx) {
    EventBatches.receive(ctx, ingest, "Meta", events::contacts);
  }
}
