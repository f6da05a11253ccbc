package org.crmhub.connector.ivr;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * Sends SMS through Twilio's Messages REST API (base URL configurable, so tests talk to a fake
 * on loopback). Non-blocking: Vert.x WebClient, not the SDK's blocking HTTP client.
 */
final class TwilioSms {

  /** Twilio refuses longer bodies. */
  static final int MAX_LENGTH = 1600;

  private final WebClient client;
  private final String apiBase;
  private final String accountSid;
  private final String authToken;
  private final String from;

  TwilioSms(Vertx vertx, String apiBase, String accountSid, String authToken, String from) {
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setIdleTimeout(30));
    this.apiBase = apiBase.replaceAll("/+$", "");
    this.accountSid = accountSid;
    this.authToken = authToken;
    this.from = from;
  }

  /** @return Twilio's message sid */
  Future<String> send(String to, String body) {
    if (body.length() > MAX_LENGTH) {
      return Future.failedFuture(new IllegalArgumentException("an SMS can hold at most " + MAX_LENGTH + " characters"));
    }
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("To", to).add("From", from).add("Body", body);
    return client.postAbs(apiBase + "/2010-04-01/Accounts/" + accountSid + "/Messages.json")
        .basicAuthentication(accountSid, authToken)
        .timeout(10_000)
        .sendForm(form)
        .compose(response -> {
          JsonObject answer;
          try {
            answer = response.bodyAsJsonObject();
          } catch (RuntimeException notJson) {
            answer = null;
          }
          if (response.statusCode() / 100 == 2 && answer != null && answer.getString("sid") != null) {
            return Future.succeededFuture(answer.getString("sid"));
          }
          String reason = answer != null && answer.getString("message") != null
              ? answer.getString("message") : "HTTP " + response.statusCode();
          return Future.failedFuture(new IllegalStateException("Twilio refused the SMS: " + reason));
        });
  }

  Future<Void> close() {
    client.close();
    return Future.succeededFuture();
  }
}
