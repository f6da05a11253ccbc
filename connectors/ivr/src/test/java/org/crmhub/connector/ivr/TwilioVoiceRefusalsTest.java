package org.crmhub.connector.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxTestContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityType;
import org.crmhub.connector.Connector;
import org.crmhub.connector.testkit.ConnectorTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Twilio voice webhooks the connector must refuse before anything reaches the hub. (An oversized
 * form is the hub's HTTP server's to refuse: tested in the hub's PhoneCallTest.)
 */
class TwilioVoiceRefusalsTest extends ConnectorTest {

  private static final String AUTH_TOKEN = "refusals-test-auth-token";
  private static final String VOICE = TwiMLAnswers.VOICE_PATH;

  private WebClient client;

  @Override
  protected Connector newConnector() {
    return new TwilioVoiceConnector();
  }

  @Override
  protected Future<JsonObject> settings(Vertx vertx) {
    return Future.succeededFuture(new JsonObject().put("authToken", AUTH_TOKEN));
  }

  @BeforeEach
  void createClient(Vertx vertx) {
    client = WebClient.create(vertx);
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  private String sign(String path, Map<String, String> params) {
    return TwilioRequests.sign(AUTH_TOKEN, context.publicUrl() + path, params);
  }

  private Future<HttpResponse<Buffer>> twilio(String path, Map<String, String> params) {
    return twilio(path, params, sign(path, params));
  }

  private Future<HttpResponse<Buffer>> twilio(String path, Map<String, String> params, String signature) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    params.forEach(form::add);
    var request = client.post(context.port(), "127.0.0.1", path);
    if (signature != null) {
      request.putHeader("X-Twilio-Signature", signature);
    }
    return request.sendForm(form);
  }

  private static Map<String, String> call(String sid, String from) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("CallSid", sid);
    params.put("AccountSid", "AC" + "0".repeat(32));
    params.put("From", from);
    params.put("To", "+4930111222");
    params.put("CallStatus", "ringing");
    params.put("Direction", "inbound");
    return params;
  }

  private static String callSid() {
    return "CA" + UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void forgedUnsignedMalformedAndJsonRequestsAreRefusedWithNothingAccepted(VertxTestContext test) {
    String sid = callSid();
    String from = "+49302" + (100000 + (int) (Math.random() * 800000));
    Map<String, String> params = call(sid, from);
    Map<String, String> tampered = new LinkedHashMap<>(params);
    tampered.put("From", "+4930999999");
    Map<String, String> badSid = call("CA<script>", from);
    Future.all(List.of(
            twilio(VOICE, params, null),
            twilio(VOICE, params, "AAAAAAAAAAAAAAAAAAAAAAAAAAA="),
            twilio(VOICE, tampered, sign(VOICE, params)),
            twilio("/webhooks/twilio/status", params, sign(VOICE, params)),
            twilio(VOICE, badSid),
            client.post(context.port(), "127.0.0.1", VOICE).putHeader("X-Twilio-Signature", "x")
                .sendJsonObject(new JsonObject().put("CallSid", sid))))
        .compose(all -> {
          List<HttpResponse<Buffer>> responses = all.list();
          test.verify(() -> {
            int[] expected = {403, 403, 403, 403, 400, 415};
            for (int i = 0; i < expected.length; i++) {
              assertEquals(expected[i], responses.get(i).statusCode(), "request " + i + ": " + responses.get(i).bodyAsString());
              assertEquals("application/problem+json", responses.get(i).getHeader("Content-Type"));
              assertFalse(responses.get(i).bodyAsString().contains("Exception"));
            }
            assertEquals(0, context.ingest().attempts(), "nothing refused reached the hub");
          });
          // a valid request afterwards goes through, so nothing above was merely slow
          return twilio(VOICE, params);
        })
        .onComplete(test.succeeding(ok -> test.verify(() -> {
          assertEquals(200, ok.statusCode());
          assertEquals(1, context.ingest().accepted().size());
          assertEquals(List.of(new Identity(IdentityType.PHONE, from)), context.ingest().accepted().get(0).from().identities());
          test.completeNow();
        })));
  }
}
