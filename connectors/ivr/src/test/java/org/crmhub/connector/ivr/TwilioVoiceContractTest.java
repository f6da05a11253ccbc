package org.crmhub.connector.ivr;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.crmhub.connector.Connector;
import org.crmhub.connector.testkit.WebhookConnectorContract;

/** Twilio's voice webhooks against the connector contract, signed as Twilio's own SDK accepts. */
class TwilioVoiceContractTest extends WebhookConnectorContract {

  private static final String AUTH_TOKEN = "contract-test-auth-token";

  @Override
  protected Connector newConnector() {
    return new TwilioVoiceConnector();
  }

  @Override
  protected Future<JsonObject> settings(Vertx vertx) {
    return Future.succeededFuture(new JsonObject().put("authToken", AUTH_TOKEN));
  }

  /** An incoming call; the key names the call, so the same key is Twilio retrying the same webhook. */
  @Override
  protected ProviderRequest signedEvent(String key) {
    Map<String, String> params = new TreeMap<>(Map.of(
        "CallSid", "CA" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString().replace("-", ""),
        "From", "+14155550123",
        "To", "+14155550199",
        "Direction", "inbound"));
    String signature = TwilioRequests.sign(AUTH_TOKEN, context.publicUrl() + TwiMLAnswers.VOICE_PATH, params);
    return new ProviderRequest(HttpMethod.POST, TwiMLAnswers.VOICE_PATH, MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/x-www-form-urlencoded")
        .add("X-Twilio-Signature", signature), TwilioRequests.form(params));
  }

  @Override
  protected ProviderRequest unsigned(ProviderRequest signed) {
    return signed.withHeader("X-Twilio-Signature", null);
  }

  @Override
  protected ProviderRequest wronglySigned(ProviderRequest signed) {
    Map<String, String> params = Map.of("CallSid", "CA00000000000000000000000000000000");
    return signed.withHeader("X-Twilio-Signature",
        TwilioSignature.compute("another-account-token", context.publicUrl() + signed.path(), params));
  }
}
