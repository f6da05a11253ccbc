package org.crmhub.connector.ivr;

import static org.crmhub.connector.WebhookProblems.problem;
import org.crmhub.connector.ConnectorSettings;
import org.crmhub.connector.Environment;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.crmhub.connector.CallEvent;
import org.crmhub.connector.Channel;
import org.crmhub.connector.Connector;
import org.crmhub.connector.ConnectorContext;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityType;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.Ingest;
import org.crmhub.connector.OutboundReply;
import org.crmhub.connector.Sender;
import org.crmhub.connector.WebhookProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twilio voice webhooks: an incoming call, menu choices, call progress, recordings and
 * transcriptions become contacts on the call's conversation (thread key: the CallSid). Every
 * request's {@code X-Twilio-Signature} is checked against the public URL before anything else;
 * Twilio is answered only after the contact is durable, so a retried webhook is a duplicate.
 */
public final class TwilioVoiceConnector implements Connector {

  private static final Logger LOG = LoggerFactory.getLogger(TwilioVoiceConnector.class);
  private static final int BODY_LIMIT = 32 * 1024;
  private static final Pattern SID = Pattern.compile("^[A-Z]{2}[0-9a-fA-F]{32}$");
  private static final Set<String> CALL_ENDED = Set.of("completed", "busy", "no-answer", "failed", "canceled");

  private Ingest ingest;
  private Callers callers;
  private IvrSettings settings;
  private TwiMLAnswers answers;
  private String publicUrl;
  private TwilioSms sms;

  /** Twilio's account: {@code TWILIO_AUTH_TOKEN} turns the channel on, SMS replies need the account and number. */
  @Override
  public JsonObject withEnvironment(JsonObject section, Environment environment) {
    JsonObject phone = ConnectorSettings.overlay(section, new JsonObject()
        .put("authToken", environment.text("TWILIO_AUTH_TOKEN"))
        .put("accountSid", environment.text("TWILIO_ACCOUNT_SID"))
        .put("smsFrom", environment.text("TWILIO_SMS_FROM"))
        .put("apiBaseUrl", environment.text("TWILIO_API_BASE_URL"))
        .put("greeting", environment.text("CRMHUB_IVR_GREETING"))
        .put("menu", environment.text("CRMHUB_IVR_MENU")));
    return phone.getString("apiBaseUrl") == null ? phone.put("apiBaseUrl", "https://api.twilio.com") : phone;
  }

  @Override
  public String name() {
    return "twilio-voice";
  }

  /** Replies go out as SMS, so only once SMS sending is configured. */
  @Override
  public Set<Channel> channels() {
    return sms == null ? Set.of() : Set.of(Channel.PHONE, Channel.SMS);
  }

  @Override
  public Future<Void> start(ConnectorContext context) {
    settings = IvrSettings.from(context.config());
    if (settings.authToken() == null || settings.authToken().isBlank()) {
      LOG.info("phone channel off: TWILIO_AUTH_TOKEN is not set");
      return Future.succeededFuture();
    }
    ingest = context.ingest();
    callers = new Callers(context.identities());
    answers = new TwiMLAnswers(settings);
    JsonObject config = context.config();
    if (config.getString("accountSid") != null && config.getString("smsFrom") != null) {
      sms = new TwilioSms(context.vertx(), config.getString("apiBaseUrl", "https://api.twilio.com"),
          config.getString("accountSid"), settings.authToken(), config.getString("smsFrom"),
          settings.smsSendAttempts(), settings.smsRetryDelay());
    }
    publicUrl = context.publicUrl().replaceAll("/+$", "");
    Router router = context.router();
    router.post("/webhooks/twilio/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.post("/webhooks/twilio/*").handler(this::verifySignature);
    router.post(TwiMLAnswers.VOICE_PATH).handler(this::voice);
    router.post("/webhooks/twilio/status").handler(this::status);
    router.post(TwiMLAnswers.RECORDED_PATH).handler(this::recorded);
    router.post(TwiMLAnswers.RECORDING_PATH).handler(this::recording);
    router.post(TwiMLAnswers.TRANSCRIPTION_PATH).handler(this::transcription);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    return sms == null ? Future.succeededFuture() : sms.close();
  }

  /** Replies on phone and SMS conversations go out as SMS to the customer's number. */
  @Override
  public Future<String> send(OutboundReply reply) {
    if (sms == null) {
      return Future.failedFuture(new IllegalStateException(
          "SMS is not configured (TWILIO_ACCOUNT_SID and TWILIO_SMS_FROM)"));
    }
    if (reply.to().type() != IdentityType.PHONE) {
      return Future.failedFuture(new IllegalArgumentException("an SMS needs a phone number"));
    }
    return sms.send(reply.to().value(), reply.text());
  }

  /** Twilio signs the URL it called plus the form; nothing is parsed further until that holds. */
  private void verifySignature(RoutingContext ctx) {
    String contentType = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase(Locale.ROOT);
    if (!contentType.startsWith("application/x-www-form-urlencoded")) {
      problem(ctx, 415, "Unsupported media type", "Twilio webhooks are form-encoded");
      return;
    }
    Map<String, String> params = single(ctx.request().formAttributes());
    String url = publicUrl + ctx.request().uri();
    if (!TwilioSignature.verify(settings.authToken(), url, params, ctx.request().getHeader("X-Twilio-Signature"))) {
      problem(ctx, 403, "Forbidden", "missing or wrong X-Twilio-Signature");
      return;
    }
    if (!SID.matcher(params.getOrDefault("CallSid", "")).matches()) {
      problem(ctx, 400, "Bad request", "CallSid is missing or malformed");
      return;
    }
    ctx.put("params", params);
    ctx.next();
  }

  private void voice(RoutingContext ctx) {
    Map<String, String> params = ctx.get("params");
    String callSid = params.get("CallSid");
    String digits = params.get("Digits");
    JsonObject metadata = callMetadata(params);
    InboundContact contact;
    String twiml;
    if (digits == null) {
      call(params, CallEvent.Kind.STARTED).writeTo(metadata);
      contact = contact(params, callSid + ":call", "Incoming call from " + callers.describe(params.get("From")), metadata);
      twiml = answers.greeting();
    } else {
      String label = settings.menu().get(digits);
      call(params, CallEvent.Kind.MENU).withMenuTag(label).writeTo(metadata.put("digits", digits));
      contact = contact(params, callSid + ":menu:" + digits,
          "Menu choice " + digits + (label == null ? " (not an option)" : " = " + label), metadata);
      twiml = answers.afterChoice(label);
    }
    acceptThen(ctx, contact, () -> ctx.response()
        .putHeader("Content-Type", "text/xml; charset=utf-8")
        .end(twiml));
  }

  private void status(RoutingContext ctx) {
    Map<String, String> params = ctx.get("params");
    String callStatus = params.getOrDefault("CallStatus", "").toLowerCase(Locale.ROOT);
    if (!callStatus.matches("[a-z-]{1,20}")) {
      problem(ctx, 400, "Bad request", "CallStatus is missing or malformed");
      return;
    }
    String duration = params.get("CallDuration");
    Integer seconds = duration != null && duration.matches("[0-9]{1,7}") ? Integer.valueOf(duration) : null;
    JsonObject metadata = call(params, CALL_ENDED.contains(callStatus) ? CallEvent.Kind.ENDED : CallEvent.Kind.STATUS)
        .withStatus(callStatus, seconds).writeTo(callMetadata(params));
    String text = "Call " + callStatus + (seconds != null ? " after " + seconds + " s" : "");
    acceptThen(ctx, contact(params, params.get("CallSid") + ":status:" + callStatus, text, metadata), () -> noContent(ctx));
  }

  /**
   * The {@code <Record>} action: the voicemail ended (by the finish key, silence, its length or a
   * hang-up, in {@code Digits}). The recording itself is filed by its status callback, so this only
   * ends the call; it is never a menu choice.
   */
  private void recorded(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/xml; charset=utf-8").end(answers.afterRecording());
  }

  private void recording(RoutingContext ctx) {
    Map<String, String> params = ctx.get("params");
    String recordingSid = params.getOrDefault("RecordingSid", "");
    String recordingUrl = params.getOrDefault("RecordingUrl", "");
    if (!SID.matcher(recordingSid).matches() || !recordingUrl.startsWith("https://")) {
      problem(ctx, 400, "Bad request", "RecordingSid or RecordingUrl is missing or malformed");
      return;
    }
    JsonObject metadata = call(params, CallEvent.Kind.VOICEMAIL).writeTo(callMetadata(params))
        .put("recordingSid", recordingSid).put("recordingUrl", recordingUrl)
        .put("recordingDurationSeconds", params.getOrDefault("RecordingDuration", ""));
    acceptThen(ctx, contact(params, params.get("CallSid") + ":recording:" + recordingSid,
        "Voicemail recorded", metadata), () -> noContent(ctx));
  }

  private void transcription(RoutingContext ctx) {
    Map<String, String> params = ctx.get("params");
    String transcriptionSid = params.getOrDefault("TranscriptionSid", "");
    if (!SID.matcher(transcriptionSid).matches()) {
      problem(ctx, 400, "Bad request", "TranscriptionSid is missing or malformed");
      return;
    }
    JsonObject metadata = call(params, CallEvent.Kind.TRANSCRIPTION).writeTo(callMetadata(params))
        .put("transcriptionStatus", params.getOrDefault("TranscriptionStatus", ""));
    String text = params.getOrDefault("TranscriptionText", "");
    acceptThen(ctx, contact(params, params.get("CallSid") + ":transcription:" + transcriptionSid,
        text.isBlank() ? "(empty transcription)" : text, metadata), () -> noContent(ctx));
  }

  /** Answers Twilio only once the contact is durable; otherwise 503 so Twilio retries. */
  private void acceptThen(RoutingContext ctx, InboundContact contact, Runnable answer) {
    ingest.accept(contact)
        .onSuccess(accepted -> answer.run())
        .onFailure(failure -> {
          LOG.warn("could not accept {}: {}", contact.externalId(), failure.toString());
          WebhookProblems.retryLater(ctx);
        });
  }

  private InboundContact contact(Map<String, String> params, String externalId, String text, JsonObject metadata) {
    List<Identity> caller = callers.of(params.get("From"));
    return new InboundContact(Channel.PHONE, externalId, new Sender(caller, params.get("CallerName")),
        null, text, null, params.get("CallSid"), Instant.now(), metadata);
  }

  private static CallEvent call(Map<String, String> params, CallEvent.Kind kind) {
    return CallEvent.of(kind, params.get("CallSid")).withTo(shortParam(params, "To"));
  }

  /** What Twilio tells of the call beyond the call event, for agents to read. */
  private static JsonObject callMetadata(Map<String, String> params) {
    JsonObject metadata = new JsonObject();
    for (String field : List.of("Direction", "CallerCity", "CallerCountry")) {
      String value = shortParam(params, field);
      if (value != null) {
        metadata.put(field.substring(0, 1).toLowerCase(Locale.ROOT) + field.substring(1), value);
      }
    }
    return metadata;
  }

  private static String shortParam(Map<String, String> params, String name) {
    String value = params.get(name);
    return value != null && value.length() <= 100 ? value : null;
  }

  private static Map<String, String> single(MultiMap form) {
    Map<String, String> params = new HashMap<>();
    form.forEach(entry -> params.put(entry.getKey(), entry.getValue()));
    return params;
  }

  private static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }

}
