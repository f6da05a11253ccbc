package org.crmhub.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.crmhub.hub.testing.TwiMLDocument;
import org.crmhub.hub.testing.TwilioSigner;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * Twilio voice webhooks end to end, posted by a fake Twilio that signs the way Twilio does (its
 * own HMAC-SHA1 code, accepted by Twilio's SDK, not the hub's). The test hub's public URL is
 * http://127.0.0.1. Requests the connector refuses on its own are tested in its module
 * (connectors/ivr, TwilioVoiceRefusalsTest); the oversized form is the hub server's to refuse.
 */
class PhoneCallTest extends HubTestBase {

  private static final String PUBLIC_URL = "http://127.0.0.1";
  private static final String VOICE = "/webhooks/twilio/voice";

  private static String callSid() {
    return "CA" + UUID.randomUUID().toString().replace("-", "");
  }

  private static final TwilioSigner TWILIO = new TwilioSigner(TestHub.TWILIO_TOKEN);

  private static String sign(String path, Map<String, String> params) {
    return TWILIO.sign(PUBLIC_URL + path, params);
  }

  private Future<HttpResponse<Buffer>> twilio(String path, Map<String, String> params) {
    return twilio(path, params, sign(path, params));
  }

  private Future<HttpResponse<Buffer>> twilio(String path, Map<String, String> params, String signature) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    params.forEach(form::add);
    var request = hub.request(HttpMethod.POST, path);
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

  /** Collects SSE events of one type until one matches. */
  private Future<JsonObject> nextEvent(HttpClient client, String type, String mustContain, Promise<Void> connected) {
    Promise<JsonObject> found = Promise.promise();
    StringBuilder received = new StringBuilder();
    client.request(new RequestOptions().setHost("127.0.0.1").setPort(hub.port()).setURI("/api/v1/events")
            .putHeader("Authorization", "Bearer " + TestHub.API_KEY))
        .compose(request -> request.send())
        .onSuccess(response -> {
          connected.tryComplete();
          response.handler(chunk -> {
            received.append(chunk.toString());
            for (String block : received.toString().split("\n\n")) {
              if (block.contains("event: " + type + "\n") && block.contains(mustContain)) {
                found.tryComplete(new JsonObject(block.substring(block.indexOf("data: ") + 6)));
              }
            }
          });
        })
        .onFailure(found::tryFail);
    return found.future();
  }

  @Test
  void aKnownCustomerCallsAndTheScreenPopCarriesTheirRecord(VertxTestContext test) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String email = "caller-" + tag + "@example.com";
    String national = "030 " + (2000000 + Math.abs(tag.hashCode() % 7000000));
    String sid = callSid();
    HttpClient sse = vertx.createHttpClient();
    Promise<Void> connected = Promise.promise();
    Future<JsonObject>[] pop = new Future[1];
    // first the customer writes an email, giving their phone number too
    pushAndWait(TestHub.contact("mail-" + tag, email, "My invoice is wrong").put("channel", "email")
            .put("from", new JsonObject().put("email", email).put("phone", national).put("name", "Dana")),
        "email:" + email)
        .compose(customer -> {
          pop[0] = nextEvent(sse, "screen-pop", sid, connected);
          return connected.future().map(customer);
        })
        .compose(customer -> twilio("/webhooks/twilio/voice", call(sid, "+49" + national.substring(1).replace(" ", "")))
            .compose(answer -> {
              test.verify(() -> {
                assertEquals(200, answer.statusCode(), answer.bodyAsString());
                assertTrue(answer.getHeader("Content-Type").startsWith("text/xml"));
                String twiml = answer.bodyAsString();
                assertTrue(twiml.contains("<Gather") && twiml.contains("press 2") && twiml.contains("<Record"), twiml);
              });
              return pop[0];
            })
            .map(screenPop -> {
              JsonObject data = screenPop.getJsonObject("data");
              test.verify(() -> {
                assertEquals("known", data.getString("caller"));
                assertEquals(customer.getString("id"), data.getJsonObject("customer").getString("id"));
                assertEquals("Dana", data.getJsonObject("customer").getString("name"));
                assertTrue(data.getJsonArray("openConversations").stream()
                    .anyMatch(c -> "email".equals(((JsonObject) c).getString("channel"))));
                assertTrue(data.getJsonArray("lastMessages").stream()
                    .anyMatch(m -> "My invoice is wrong".equals(((JsonObject) m).getString("text"))));
                assertEquals(sid, data.getJsonObject("call").getString("callSid"));
              });
              return customer;
            }))
        .onComplete(test.succeeding(v -> {
          sse.close();
          test.completeNow();
        }));
  }

  @Test
  void menuChoiceVoicemailTranscriptionAndHangUpJoinTheCallAndRetriesChangeNothing(VertxTestContext test) {
    String sid = callSid();
    String from = "+49301" + (100000 + (int) (Math.random() * 800000));
    Map<String, String> choice = call(sid, from);
    choice.put("Digits", "2");
    Map<String, String> recording = new LinkedHashMap<>(Map.of("CallSid", sid, "RecordingSid", "RE" + "a".repeat(32),
        "RecordingUrl", "https://api.twilio.com/recordings/RE1", "RecordingDuration", "12", "RecordingStatus", "completed"));
    Map<String, String> transcription = new LinkedHashMap<>(Map.of("CallSid", sid, "TranscriptionSid", "TR" + "b".repeat(32),
        "TranscriptionText", "Hello, this is about my bill, it is wrong again. Terrible.", "TranscriptionStatus", "completed"));
    Map<String, String> ended = call(sid, from);
    ended.put("CallStatus", "completed");
    ended.put("CallDuration", "42");
    twilio("/webhooks/twilio/voice", call(sid, from))
        .compose(v -> twilio("/webhooks/twilio/voice", call(sid, from)))
        .compose(v -> twilio("/webhooks/twilio/voice", choice))
        .compose(after -> {
          test.verify(() -> assertTrue(after.bodyAsString().contains("billing"), after.bodyAsString()));
          return twilio("/webhooks/twilio/recording", recording);
        })
        .compose(v -> twilio("/webhooks/twilio/transcription", transcription))
        .compose(v -> twilio("/webhooks/twilio/status", ended))
        .compose(v -> twilio("/webhooks/twilio/status", ended))
        .compose(last -> {
          test.verify(() -> assertEquals(204, last.statusCode()));
          return Eventually.holds(vertx, 10_000, "all five call events are filed",
              () -> customerOf("phone:" + from).map(c -> c != null && c.getJsonArray("conversations").size() == 1
                  && c.getJsonArray("conversations").getJsonObject(0).getInteger("messageCount") == 5));
        })
        .compose(v -> customerOf("phone:" + from))
        .compose(customer -> getJson("/api/v1/conversations/" + customer.getJsonArray("conversations").getJsonObject(0).getString("id")))
        .onComplete(test.succeeding(conversation -> test.verify(() -> {
          assertEquals("phone", conversation.getString("channel"));
          assertEquals(new JsonArray().add("billing"), conversation.getJsonArray("tags"));
          JsonArray messages = conversation.getJsonArray("messages");
          assertEquals(5, messages.size(), "a retried webhook is no second call or status");
          assertTrue(messages.stream().anyMatch(m -> ((JsonObject) m).getString("text", "").contains("my bill")));
          assertEquals("negative", conversation.getJsonObject("sentiment").getString("label"));
          test.completeNow();
        })));
  }

  /**
   * A call driven as Twilio drives it: each next request goes where the previous TwiML answer
   * points (a relative or missing {@code action} resolves against the URL that answered, as Twilio
   * does), with the parameters Twilio sends there.
   */
  @Test
  void aCallDrivenAsTwilioDrivesItIsOneConversationWithoutBogusMessages(VertxTestContext test) {
    String sid = callSid();
    String from = "+44207" + (1000000 + (int) (Math.random() * 8000000));
    String recordingSid = "RE" + UUID.randomUUID().toString().replace("-", "");
    String recordingUrl = "https://api.twilio.com/2010-04-01/Accounts/AC" + "0".repeat(32) + "/Recordings/" + recordingSid;
    String[] callbacks = new String[3];
    twilio(VOICE, call(sid, from))
        .compose(greeting -> {
          TwiMLDocument answer = twiml(test, greeting);
          Element gather = answer.only("Gather");
          test.verify(() -> assertEquals("1", gather.getAttribute("numDigits")));
          Map<String, String> pressed = call(sid, from);
          pressed.put("CallStatus", "in-progress");
          pressed.put("Digits", "2");
          callbacks[0] = followed(VOICE, gather.getAttribute("action"));
          return twilio(callbacks[0], pressed);
        })
        .compose(afterChoice -> {
          Element record = twiml(test, afterChoice).only("Record");
          test.verify(() -> {
            assertFalse(record.getAttribute("finishOnKey").isEmpty(), "the caller can end the message with a key");
            assertTrue(Integer.parseInt(record.getAttribute("maxLength")) > 0);
            assertEquals("true", record.getAttribute("playBeep"));
            assertEquals("true", record.getAttribute("transcribe"));
          });
          callbacks[1] = followed(callbacks[0], record.getAttribute("recordingStatusCallback"));
          callbacks[2] = followed(callbacks[0], record.getAttribute("transcribeCallback"));
          Map<String, String> recorded = call(sid, from);
          recorded.put("CallStatus", "in-progress");
          recorded.put("RecordingUrl", recordingUrl);
          recorded.put("RecordingDuration", "14");
          recorded.put("Digits", "hangup");
          return twilio(followed(callbacks[0], record.getAttribute("action")), recorded);
        })
        .compose(afterRecording -> {
          TwiMLDocument answer = twiml(test, afterRecording);
          test.verify(() -> assertEquals(List.of("Say", "Hangup"), answer.verbs(), afterRecording.bodyAsString()));
          Map<String, String> status = new LinkedHashMap<>(Map.of("AccountSid", "AC" + "0".repeat(32), "CallSid", sid,
              "RecordingSid", recordingSid, "RecordingUrl", recordingUrl, "RecordingStatus", "completed",
              "RecordingDuration", "14", "RecordingChannels", "1", "RecordingSource", "RecordVerb"));
          return twilio(callbacks[1], status);
        })
        .compose(recordingStatus -> {
          test.verify(() -> assertEquals(204, recordingStatus.statusCode(), recordingStatus.bodyAsString()));
          Map<String, String> transcribed = call(sid, from);
          transcribed.put("CallStatus", "completed");
          transcribed.put("TranscriptionSid", "TR" + UUID.randomUUID().toString().replace("-", ""));
          transcribed.put("TranscriptionText", "Please call me back about my invoice.");
          transcribed.put("TranscriptionStatus", "completed");
          transcribed.put("RecordingSid", recordingSid);
          transcribed.put("RecordingUrl", recordingUrl);
          return twilio(callbacks[2], transcribed);
        })
        .compose(transcription -> {
          test.verify(() -> assertEquals(204, transcription.statusCode(), transcription.bodyAsString()));
          Map<String, String> completed = call(sid, from);
          completed.put("CallStatus", "completed");
          completed.put("CallDuration", "31");
          return twilio("/webhooks/twilio/status", completed);
        })
        .compose(completed -> Eventually.holds(vertx, 10_000, "the call's last event is filed",
            () -> customerOf("phone:" + from).map(c -> c != null && c.getJsonArray("conversations").stream()
                .anyMatch(conversation -> ((JsonObject) conversation).getInteger("messageCount") >= 5))))
        .compose(v -> customerOf("phone:" + from))
        .compose(customer -> {
          test.verify(() -> assertEquals(1, customer.getJsonArray("conversations").size()));
          return getJson("/api/v1/conversations/"
              + customer.getJsonArray("conversations").getJsonObject(0).getString("id"));
        })
        .onComplete(test.succeeding(conversation -> test.verify(() -> {
          List<String> texts = conversation.getJsonArray("messages").stream()
              .map(message -> ((JsonObject) message).getString("text")).toList();
          assertEquals(List.of("Incoming call from " + from, "Menu choice 2 = billing", "Voicemail recorded",
              "Please call me back about my invoice.", "Call completed after 31 s"), texts);
          assertEquals(new JsonArray().add("billing"), conversation.getJsonArray("tags"));
          test.completeNow();
        })));
  }

  private static TwiMLDocument twiml(VertxTestContext test, HttpResponse<Buffer> answer) {
    test.verify(() -> {
      assertEquals(200, answer.statusCode(), answer.bodyAsString());
      assertTrue(answer.getHeader("Content-Type").startsWith("text/xml"));
    });
    return TwiMLDocument.parse(answer.bodyAsString());
  }

  /** Where Twilio goes next: the URL in the verb resolved against the one that answered, or that one again. */
  private static String followed(String answeredPath, String url) {
    URI next = URI.create(PUBLIC_URL + answeredPath).resolve(url == null ? "" : url);
    return next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery());
  }

  private Future<HttpResponse<Buffer>> ivrEvent(String id, long timestamp, JsonObject event, String secret) {
    String body = event.encode();
    String signed = id + "." + timestamp + "." + body;
    String signature;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
      signature = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return hub.request(HttpMethod.POST, "/webhooks/ivr/events")
        .putHeader("Content-Type", "application/json")
        .putHeader("webhook-id", id)
        .putHeader("webhook-timestamp", Long.toString(timestamp))
        .putHeader("webhook-signature", signature)
        .sendBuffer(Buffer.buffer(body));
  }

  @Test
  void genericIvrEventsAreSignedReplayProtectedAndJoinOneCall(VertxTestContext test) {
    String callId = "call-" + UUID.randomUUID();
    String from = "+49303" + (100000 + (int) (Math.random() * 800000));
    long now = System.currentTimeMillis() / 1000;
    JsonObject started = new JsonObject().put("type", "call.started").put("callId", callId).put("from", from);
    JsonObject menu = new JsonObject().put("type", "call.menu").put("callId", callId).put("from", from)
        .put("digits", "1").put("label", "sales");
    JsonObject transcript = new JsonObject().put("type", "call.transcript").put("callId", callId)
        .put("text", "<script>alert(1)</script> I would like to buy more seats");
    String id = "evt_" + UUID.randomUUID();
    Future.all(List.of(
            ivrEvent(id, now, started, TestHub.IVR_EVENTS_SECRET),
            ivrEvent("evt_forged", now, started, "whsec_" + Base64.getEncoder().encodeToString("wrong-secret-0123456789".getBytes())),
            ivrEvent("evt_old", now - 3600, started, TestHub.IVR_EVENTS_SECRET),
            ivrEvent("evt_bad_type", now, started.copy().put("type", "call.exploded"), TestHub.IVR_EVENTS_SECRET),
            ivrEvent("evt_bad_from", now, started.copy().put("from", 12345), TestHub.IVR_EVENTS_SECRET),
            hub.request(HttpMethod.POST, "/webhooks/ivr/events").putHeader("Content-Type", "application/json")
                .sendJsonObject(started)))
        .compose(all -> {
          List<HttpResponse<Buffer>> responses = all.list();
          test.verify(() -> {
            assertEquals(202, responses.get(0).statusCode(), responses.get(0).bodyAsString());
            int[] refused = {401, 401, 400, 400, 401};
            for (int i = 0; i < refused.length; i++) {
              assertEquals(refused[i], responses.get(i + 1).statusCode(), responses.get(i + 1).bodyAsString());
              assertEquals("application/problem+json", responses.get(i + 1).getHeader("Content-Type"));
            }
          });
          return ivrEvent(id, now, started, TestHub.IVR_EVENTS_SECRET);
        })
        .compose(replayed -> {
          test.verify(() -> assertTrue(replayed.bodyAsJsonObject().getBoolean("duplicate"), "a replayed id changes nothing"));
          return ivrEvent("evt_" + UUID.randomUUID(), now, menu, TestHub.IVR_EVENTS_SECRET);
        })
        .compose(v -> ivrEvent("evt_" + UUID.randomUUID(), now, transcript, TestHub.IVR_EVENTS_SECRET))
        .compose(v -> Eventually.holds(vertx, 10_000, "the three events are one call",
            () -> customerOf("phone:" + from).map(c -> c != null && c.getJsonArray("conversations").size() == 1
                && c.getJsonArray("conversations").getJsonObject(0).getInteger("messageCount") == 3)))
        .compose(v -> customerOf("phone:" + from))
        .map(customer -> "/api/v1/conversations/" + customer.getJsonArray("conversations").getJsonObject(0).getString("id"))
        // the menu's tag is set after its message is stored, so it may show a moment later
        .compose(path -> Eventually.holds(vertx, 10_000, "the menu choice tags the call",
                () -> getJson(path).map(conversation -> !conversation.getJsonArray("tags").isEmpty()))
            .compose(v -> getJson(path)))
        .onComplete(test.succeeding(conversation -> test.verify(() -> {
          assertEquals(new JsonArray().add("sales"), conversation.getJsonArray("tags"));
          assertTrue(conversation.getJsonArray("messages").stream()
              .anyMatch(m -> ((JsonObject) m).getString("text").startsWith("<script>")), "stored verbatim, served as JSON");
          test.completeNow();
        })));
  }

  @Test
  void anAgentAnswersACallBySmsThroughTwiliosMessagesApi(VertxTestContext test) throws Exception {
    String sid = callSid();
    String from = "+49304" + (100000 + (int) (Math.random() * 800000));
    List<MultiMap> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> auth = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.vertx.ext.web.Router fakeTwilio = io.vertx.ext.web.Router.router(vertx);
    fakeTwilio.route().handler(io.vertx.ext.web.handler.BodyHandler.create());
    fakeTwilio.post("/2010-04-01/Accounts/:account/Messages.json").handler(ctx -> {
      auth.add(ctx.request().getHeader("Authorization") + " " + ctx.pathParam("account"));
      MultiMap form = ctx.request().formAttributes();
      sent.add(MultiMap.caseInsensitiveMultiMap().addAll(form));
      if (form.get("Body").contains("refuse")) {
        ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("code", 21610).put("message", "Attempt to send to unsubscribed recipient").encode());
      } else {
        ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("sid", "SM" + "c".repeat(32)).put("status", "queued").encode());
      }
    });
    String accountSid = SMS_ACCOUNT;
    vertx.createHttpServer().requestHandler(fakeTwilio).listen(0, "127.0.0.1")
        .compose(server -> redeployWithSms(server.actualPort(), new JsonObject()))
        .compose(v -> twilio("/webhooks/twilio/voice", call(sid, from)))
        .compose(v -> Eventually.holds(vertx, 10_000, "the call is filed",
            () -> customerOf("phone:" + from).map(c -> c != null && !c.getJsonArray("conversations").isEmpty())))
        .compose(v -> customerOf("phone:" + from))
        .compose(customer -> {
          String conversationId = customer.getJsonArray("conversations").getJsonObject(0).getString("id");
          return hub.authorized(HttpMethod.POST, "/api/v1/conversations/" + conversationId + "/replies")
              .sendJsonObject(new JsonObject().put("text", "We have fixed your invoice, sorry for the trouble."))
              .compose(ok -> hub.authorized(HttpMethod.POST, "/api/v1/conversations/" + conversationId + "/replies")
                  .sendJsonObject(new JsonObject().put("text", "please refuse this one"))
                  .compose(refused -> hub.authorized(HttpMethod.POST, "/api/v1/conversations/" + conversationId + "/replies")
                      .sendJsonObject(new JsonObject().put("text", "x".repeat(1601)))
                      .compose(tooLong -> hub.authorized(HttpMethod.POST, "/api/v1/conversations/" + conversationId + "/replies")
                          .sendJsonObject(new JsonObject().put("text", "by mail?").put("channel", "email"))
                          .compose(noEmail -> getJson("/api/v1/conversations/" + conversationId).map(conversation -> {
                            test.verify(() -> {
                              assertEquals(201, ok.statusCode(), ok.bodyAsString());
                              assertEquals("sent", ok.bodyAsJsonObject().getString("status"));
                              assertEquals("phone:" + from, ok.bodyAsJsonObject().getString("to"));
                              assertEquals(502, refused.statusCode());
                              assertTrue(refused.bodyAsJsonObject().getString("detail").contains("unsubscribed"));
                              assertEquals(400, tooLong.statusCode());
                              assertEquals(409, noEmail.statusCode(), noEmail.bodyAsString());
                              assertEquals(2, sent.size(), "the too-long and the email reply never reached Twilio");
                              assertEquals(from, sent.get(0).get("To"));
                              assertEquals("+4930111222", sent.get(0).get("From"));
                              assertEquals("Basic " + Base64.getEncoder().encodeToString(
                                  (accountSid + ":" + TestHub.TWILIO_TOKEN).getBytes(StandardCharsets.UTF_8)) + " " + accountSid,
                                  auth.get(0));
                              JsonArray messages = conversation.getJsonArray("messages");
                              assertEquals(3, messages.size());
                              assertEquals(List.of("sent", "failed"), messages.stream().map(m -> (JsonObject) m)
                                  .filter(m -> "outbound".equals(m.getString("direction")))
                                  .map(m -> m.getString("status")).toList());
                              assertFalse(conversation.containsKey("waitingSince"), "answered: nobody is waiting");
                            });
                            return conversation;
                          })))));
        })
        .onComplete(test.succeedingThenComplete());
  }

  private static final String SMS_ACCOUNT = "AC" + "1".repeat(32);

  /** Replaces the test's hub by one that sends SMS through a fake Twilio on this port. */
  private Future<Void> redeployWithSms(int twilioPort, JsonObject extraPhoneSettings) {
    return hub.undeploy().compose(v -> {
      JsonObject phone = new JsonObject().put("authToken", TestHub.TWILIO_TOKEN).put("defaultRegion", "DE")
          .put("accountSid", SMS_ACCOUNT).put("smsFrom", "+4930111222")
          .put("apiBaseUrl", "http://127.0.0.1:" + twilioPort).mergeIn(extraPhoneSettings);
      try {
        return TestHub.deploy(vertx, TestHub.config(redis.url(), TestDirectories.create("sms"))
            .withChannel("phone", phone));
      } catch (java.io.IOException e) {
        return Future.failedFuture(e);
      }
    }).map(smsHub -> {
      hub = smsHub;
      return null;
    });
  }

  @Test
  void anSmsTwilioRefusesOrCannotTakeIsRetriedWhenTransientThenFailsWithAMessageFailedWebhook(VertxTestContext test) {
    String sid = callSid();
    String from = "+49306" + (100000 + (int) (Math.random() * 800000));
    Map<String, Integer> requestsByBody = new java.util.concurrent.ConcurrentHashMap<>();
    io.vertx.ext.web.Router fakeTwilio = io.vertx.ext.web.Router.router(vertx);
    fakeTwilio.route().handler(io.vertx.ext.web.handler.BodyHandler.create());
    fakeTwilio.post("/2010-04-01/Accounts/:account/Messages.json").handler(ctx -> {
      String body = ctx.request().getFormAttribute("Body");
      int request = requestsByBody.merge(body, 1, Integer::sum);
      boolean unavailable = body.startsWith("down") || (body.startsWith("flaky") && request == 1);
      if (unavailable) {
        ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("code", 20503).put("message", "Service unavailable").encode());
      } else if (body.startsWith("refuse")) {
        ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("code", 21211).put("message", "Invalid 'To' Phone Number").encode());
      } else {
        ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("sid", "SM" + "d".repeat(32)).put("status", "queued").encode());
      }
    });
    org.crmhub.hub.testing.WebhookReceiver.start(vertx).compose(receiver -> vertx.createHttpServer()
            .requestHandler(fakeTwilio).listen(0, "127.0.0.1")
            .compose(server -> redeployWithSms(server.actualPort(),
                new JsonObject().put("smsSendAttempts", 3).put("smsRetryDelayMs", 20)))
            .compose(v -> hub.authorized(HttpMethod.POST, "/api/v1/webhooks").sendJsonObject(new JsonObject()
                .put("url", receiver.url()).put("events", new JsonArray().add("message.sent").add("message.failed"))))
            .compose(subscribed -> {
              receiver.trustSecret(subscribed.bodyAsJsonObject().getString("secret"));
              return twilio("/webhooks/twilio/voice", call(sid, from));
            })
            .compose(v -> Eventually.holds(vertx, 10_000, "the call is filed",
                () -> customerOf("phone:" + from).map(c -> c != null && !c.getJsonArray("conversations").isEmpty())))
            .compose(v -> customerOf("phone:" + from))
            .compose(customer -> {
              String conversationId = customer.getJsonArray("conversations").getJsonObject(0).getString("id");
              String replies = "/api/v1/conversations/" + conversationId + "/replies";
              return hub.authorized(HttpMethod.POST, replies).sendJsonObject(new JsonObject().put("text", "flaky network"))
                  .compose(flaky -> hub.authorized(HttpMethod.POST, replies)
                      .sendJsonObject(new JsonObject().put("text", "down for good"))
                      .compose(down -> hub.authorized(HttpMethod.POST, replies)
                          .sendJsonObject(new JsonObject().put("text", "refuse this number"))
                          .compose(refused -> Eventually.holds(vertx, 10_000, "three webhooks arrive",
                                  () -> Future.succeededFuture(receiver.received().size() >= 3))
                              .map(v -> {
                                test.verify(() -> {
                                  assertEquals(201, flaky.statusCode(), flaky.bodyAsString());
                                  assertEquals("sent", flaky.bodyAsJsonObject().getString("status"));
                                  assertEquals(502, down.statusCode(), down.bodyAsString());
                                  assertEquals(502, refused.statusCode(), refused.bodyAsString());
                                  assertEquals(Map.of("flaky network", 2, "down for good", 3, "refuse this number", 1),
                                      requestsByBody, "503 retried up to smsSendAttempts, 400 not retried");
                                  Map<String, String> typeByText = new java.util.HashMap<>();
                                  receiver.received().forEach(r -> typeByText.put(r.json().getJsonObject("data")
                                      .getJsonObject("message").getString("text"), r.json().getString("type")));
                                  assertEquals(Map.of("flaky network", "message.sent", "down for good", "message.failed",
                                      "refuse this number", "message.failed"), typeByText);
                                  assertTrue(receiver.received().stream().allMatch(r -> r.signatureValid()));
                                });
                                return receiver;
                              }))));
            })
            .compose(org.crmhub.hub.testing.WebhookReceiver::stop))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void withoutSmsSettingsAReplyToACallIsRefusedBeforeAnythingIsStored(VertxTestContext test) {
    String sid = callSid();
    String from = "+49305" + (100000 + (int) (Math.random() * 800000));
    twilio("/webhooks/twilio/voice", call(sid, from))
        .compose(v -> Eventually.holds(vertx, 10_000, "the call is filed",
            () -> customerOf("phone:" + from).map(c -> c != null && !c.getJsonArray("conversations").isEmpty())))
        .compose(v -> customerOf("phone:" + from))
        .compose(customer -> {
          String id = customer.getJsonArray("conversations").getJsonObject(0).getString("id");
          return hub.authorized(HttpMethod.POST, "/api/v1/conversations/" + id + "/replies")
              .sendJsonObject(new JsonObject().put("text", "hello"))
              .compose(refused -> getJson("/api/v1/conversations/" + id).map(conversation -> {
                test.verify(() -> {
                  assertEquals(409, refused.statusCode(), refused.bodyAsString());
                  assertEquals(1, conversation.getJsonArray("messages").size());
                });
                return conversation;
              }));
        })
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aWithheldNumberMakesACallWithoutACustomer(VertxTestContext test) {
    String sid = callSid();
    twilio("/webhooks/twilio/voice", call(sid, "anonymous"))
        .compose(v -> Eventually.holds(vertx, 10_000, "the call is in the inbox",
            () -> getJson("/api/v1/conversations?channel=phone&limit=100").map(page -> page.getJsonArray("items").stream()
                .anyMatch(c -> ((JsonObject) c).getString("preview", "").contains("withheld")
                    && ((JsonObject) c).getString("customerId") == null))))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void everyKindOfWithheldCallerGetsAWithheldScreenPopAndACallStartedEvent(VertxTestContext test) {
    List<String> withheld = List.of("anonymous", "+266696687", "");
    List<String> sids = withheld.stream().map(from -> callSid()).toList();
    // one event stream per awaited event: more than the default five connections
    HttpClient sse = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(2 * sids.size()));
    List<Promise<Void>> connected = new ArrayList<>();
    List<Future<JsonObject>> pops = new ArrayList<>();
    List<Future<JsonObject>> started = new ArrayList<>();
    for (String sid : sids) {
      connected.add(Promise.promise());
      pops.add(nextEvent(sse, "screen-pop", sid, connected.get(connected.size() - 1)));
      connected.add(Promise.promise());
      started.add(nextEvent(sse, "call.started", sid, connected.get(connected.size() - 1)));
    }
    Future.all(connected.stream().map(Promise::future).toList())
        .compose(v -> Future.all(List.of(
            twilio("/webhooks/twilio/voice", call(sids.get(0), withheld.get(0))),
            twilio("/webhooks/twilio/voice", call(sids.get(1), withheld.get(1))),
            twilio("/webhooks/twilio/voice", call(sids.get(2), withheld.get(2))))))
        .compose(answers -> Future.all(Future.all(pops), Future.all(started)).timeout(15, TimeUnit.SECONDS))
        .onComplete(test.succeeding(events -> test.verify(() -> {
          for (int i = 0; i < sids.size(); i++) {
            JsonObject pop = pops.get(i).result().getJsonObject("data");
            assertEquals("withheld", pop.getString("caller"), "From=" + withheld.get(i));
            assertEquals(sids.get(i), pop.getJsonObject("call").getString("callSid"));
            assertNull(pop.getJsonObject("customer"));
            assertEquals(sids.get(i), started.get(i).result().getJsonObject("data").getString("callSid"));
          }
          sse.close();
          test.completeNow();
        })));
  }

  /** The hub's HTTP server limits form attributes; its problem handler answers 413 (other refusals: connectors/ivr). */
  @Test
  void anOversizedTwilioFormIsRefusedWithNothingStored(VertxTestContext test) {
    String from = "+49302" + (100000 + (int) (Math.random() * 800000));
    Map<String, String> params = call(callSid(), from);
    Map<String, String> huge = call(callSid(), from);
    huge.put("Padding", "x".repeat(40 * 1024));
    twilio(VOICE, huge)
        .compose(refused -> {
          test.verify(() -> {
            assertEquals(413, refused.statusCode(), refused.bodyAsString());
            assertFalse(refused.bodyAsString().contains("Exception"));
          });
          // a valid request afterwards goes through, so nothing above was merely slow
          return twilio(VOICE, params);
        })
        .compose(ok -> Eventually.holds(vertx, 10_000, "the signed call is filed",
            () -> customerOf("phone:" + from).map(c -> c != null && !c.getJsonArray("conversations").isEmpty())))
        .compose(v -> customerOf("phone:" + from))
        .onComplete(test.succeeding(customer -> test.verify(() -> {
          assertEquals(1, customer.getJsonArray("conversations").size());
          assertEquals(1, customer.getJsonArray("conversations").getJsonObject(0).getInteger("messageCount"));
          assertNull(customer.getString("mergedInto"));
          test.completeNow();
        })));
  }
}
