package org.crmhub.connector.ivr;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends SMS through Twilio's Messages REST API (base URL configurable, so tests talk to a fake
 * on loopback). Non-blocking: Vert.x WebClient, not the SDK's blocking HTTP client. A transient
 * failure (no answer, 429, 5xx) is retried with a doubling delay, a bounded number of times;
 * any other refusal fails at once.
 */
final class TwilioSms {

  /** Twilio refuses longer bodies. */
  static final int MAX_LENGTH = 1600;
  private static final Logger LOG = LoggerFactory.getLogger(TwilioSms.class);

  private final Vertx vertx;
  private final WebClient client;
  private final String apiBase;
  private final String accountSid;
  private final String authToken;
  private final String from;
  private final int attempts;
  private final Duration firstDelay;

  /**
   * @param attempts requests for one SMS before it fails
   * @param firstDelay wait before the second request; doubled before each further one
   */
  TwilioSms(Vertx vertx, String apiBase, String accountSid, String authToken, String from, int attempts,
      Duration firstDelay) {
    this.vertx = vertx;
    this.attempts = attempts;
    this.firstDelay = firstDelay;
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
    return attempt(form, 1, firstDelay);
  }

  private Future<String> attempt(MultiMap form, int attempt, Duration delay) {
    return client.postAbs(apiBase + "/2010-04-01/Accounts/" + accountSid + "/Messages.json")
        .basicAuthentication(accountSid, authToken)
        .timeout(10_000)
        .sendForm(form)
        .transform(sent -> {
          if (sent.succeeded() && sent.result().statusCode() / 100 == 2) {
            String sid = sid(sent.result().bodyAsString());
            if (sid != null) {
              return Future.succeededFuture(sid);
            }
          }
          String reason = sent.succeeded() ? reason(sent.result().statusCode(), sent.result().bodyAsString())
              : "no answer (" + sent.cause().getMessage() + ")";
          boolean transientFailure = sent.failed() || sent.result().statusCode() == 429
              || sent.result().statusCode() >= 500;
          if (!transientFailure || attempt >= attempts) {
            return Future.failedFuture(new IllegalStateException("Twilio refused the SMS: " + reason));
          }
          LOG.info("sending an SMS failed ({}), attempt {} of {} in {} ms", reason, attempt + 1, attempts,
              delay.toMillis());
          return vertx.timer(Math.max(1, delay.toMillis()))
              .compose(v -> attempt(form, attempt + 1, delay.multipliedBy(2)));
        });
  }

  private static String sid(String answer) {
    JsonObject json = jsonOrNull(answer);
    return json == null ? null : json.getString("sid");
  }

  private static String reason(int status, String answer) {
    JsonObject json = jsonOrNull(answer);
    return json != null && json.getValue("message") instanceof String message ? message : "HTTP " + status;
  }

  private static JsonObject jsonOrNull(String text) {
    try {
      return text == null ? null : new JsonObject(text);
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  Future<Void> close() {
    client.close();
    return Future.succeededFuture();
  }
}
