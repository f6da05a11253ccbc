package org.crmhub.connector.ivr;

import static org.crmhub.connector.WebhookProblems.problem;
import org.crmhub.connector.ConnectorSettings;
import org.crmhub.connector.Environment;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.crmhub.connector.CallEvent;
import org.crmhub.connector.Channel;
import org.crmhub.connector.Connector;
import org.crmhub.connector.ConnectorContext;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.Ingest;
import org.crmhub.connector.OutboundReply;
import org.crmhub.connector.Sender;
import org.crmhub.connector.StandardWebhooks;
import org.crmhub.connector.WebhookProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/ivr/events}: a vendor-neutral JSON event from any IVR or contact-centre
 * system, signed the Standard Webhooks way. The signature and its timestamp window are checked on
 * the raw body before it is parsed; a replayed webhook-id is a duplicate and changes nothing.
 */
public final class IvrEventsConnector implements Connector {

  static final String PATH = "/webhooks/ivr/events";
  private static final Logger LOG = LoggerFactory.getLogger(IvrEventsConnector.class);
  private static final int BODY_LIMIT = 64 * 1024;
  private static final Pattern CALL_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");
  private static final Pattern WEBHOOK_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");
  /** Event type -> the call event the hub acts on (screen pop, tag, call ended). */
  private static final Map<String, CallEvent.Kind> EVENTS = Map.of(
      "call.started", CallEvent.Kind.STARTED,
      "call.menu", CallEvent.Kind.MENU,
      "call.ended", CallEvent.Kind.ENDED,
      "call.voicemail", CallEvent.Kind.VOICEMAIL,
      "call.transcript", CallEvent.Kind.TRANSCRIPTION);
  private static final Set<String> TEXT_FIELDS = Set.of("text", "label", "recordingUrl", "digits", "to", "status",
      "callerName", "occurredAt");

  private Ingest ingest;
  private Callers callers;
  private String secret;

  /** {@code CRMHUB_IVR_EVENTS_SECRET} turns the generic IVR event webhook on. */
  @Override
  public JsonObject withEnvironment(JsonObject section, Environment environment) {
    return ConnectorSettings.overlay(section,
        new JsonObject().put("eventsSecret", environment.text("CRMHUB_IVR_EVENTS_SECRET")));
  }

  @Override
  public String name() {
    return "ivr-events";
  }

  @Override
  public Set<Channel> channels() {
    return Set.of();
  }

  @Override
  public Future<Void> start(ConnectorContext context) {
    secret = context.config().getString("eventsSecret");
    if (secret == null || !secret.startsWith(StandardWebhooks.SECRET_PREFIX)) {
      LOG.info("generic IVR events off: CRMHUB_IVR_EVENTS_SECRET (whsec_…) is not set");
      return Future.succeededFuture();
    }
    ingest = context.ingest();
    callers = new Callers(context.identities());
    context.router().post(PATH).handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT)).handler(this::receive);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    return Future.succeededFuture();
  }

  @Override
  public Future<String> send(OutboundReply reply) {
    return Future.failedFuture(new UnsupportedOperationException("IVR systems take no replies"));
  }

  private void receive(RoutingContext ctx) {
    String id = ctx.request().getHeader("webhook-id");
    String body = ctx.body().asString();
    StandardWebhooks.Verdict verdict = StandardWebhooks.verify(secret, id, ctx.request().getHeader("webhook-timestamp"),
        ctx.request().getHeader("webhook-signature"), body, Instant.now().getEpochSecond());
    if (verdict != StandardWebhooks.Verdict.VALID) {
      problem(ctx, 401, "Unauthorized", switch (verdict) {
        case STALE_TIMESTAMP -> "webhook-timestamp is outside the five-minute window";
        case MISSING_HEADERS -> "webhook-id, webhook-timestamp and webhook-signature are required";
        default -> "webhook-signature does not match";
      });
      return;
    }
    if (!WEBHOOK_ID.matcher(id).matches()) {
      problem(ctx, 400, "Bad request", "webhook-id is malformed");
      return;
    }
    JsonObject event;
    try {
      event = new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      problem(ctx, 400, "Bad request", "the body is not a JSON object");
      return;
    }
    String error = invalid(event);
    if (error != null) {
      problem(ctx, 400, "Bad request", error);
      return;
    }
    InboundContact contact;
    try {
      contact = toContact(id, event);
    } catch (DateTimeParseException e) {
      problem(ctx, 400, "Bad request", "occurredAt must be an RFC 3339 time");
      return;
    }
    ingest.accept(contact)
        .onSuccess(accepted -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("contactId", accepted.contactId()).put("duplicate", accepted.duplicate()).encode()))
        .onFailure(failure -> WebhookProblems.retryLater(ctx));
  }

  /** @return what is wrong with the event, or null */
  private static String invalid(JsonObject event) {
    if (!(event.getValue("type") instanceof String type) || !EVENTS.containsKey(type)) {
      return "type must be one of " + EVENTS.keySet();
    }
    if (!(event.getValue("callId") instanceof String callId) || !CALL_ID.matcher(callId).matches()) {
      return "callId is missing or malformed";
    }
    if (event.containsKey("from") && !(event.getValue("from") instanceof String)) {
      return "from must be a string";
    }
    for (String field : TEXT_FIELDS) {
      Object value = event.getValue(field);
      if (value != null && (!(value instanceof String text) || text.length() > 20_000)) {
        return field + " must be a string of at most 20000 characters";
      }
    }
    if (event.containsKey("durationSeconds") && !(event.getValue("durationSeconds") instanceof Integer)) {
      return "durationSeconds must be a whole number";
    }
    return null;
  }

  private InboundContact toContact(String webhookId, JsonObject event) {
    String type = event.getString("type");
    String callId = event.getString("callId");
    JsonObject metadata = new JsonObject().put("source", "ivr-events");
    for (String field : TEXT_FIELDS) {
      if (event.getString(field) != null) {
        metadata.put(field, event.getString(field));
      }
    }
    CallEvent.of(EVENTS.get(type), callId)
        .withTo(event.getString("to"))
        .withMenuTag(event.getString("label"))
        .withStatus("call.ended".equals(type) ? event.getString("status", "completed") : null,
            event.getInteger("durationSeconds"))
        .writeTo(metadata);
    String text = switch (type) {
      case "call.started" -> "Incoming call from " + callers.describe(event.getString("from"));
      case "call.menu" -> "Menu choice " + event.getString("digits", "?")
          + (event.getString("label") == null ? "" : " = " + event.getString("label"));
      case "call.ended" -> "Call ended" + (event.getInteger("durationSeconds") == null ? ""
          : " after " + event.getInteger("durationSeconds") + " s");
      case "call.voicemail" -> "Voicemail recorded";
      default -> event.getString("text", "(empty transcript)");
    };
    Instant at = event.getString("occurredAt") == null ? Instant.now() : Instant.parse(event.getString("occurredAt"));
    return new InboundContact(Channel.PHONE, "ivr-event:" + webhookId,
        new Sender(callers.of(event.getString("from")), event.getString("callerName")),
        null, text, null, "ivr:" + callId, at, metadata);
  }
}
