package org.crmhub.connector.social.meta;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.crmhub.connector.social.ProviderRefusal;

/**
 * Replies through Meta's Send API ({@code POST /{version}/me/messages} with the page access token),
 * as a RESPONSE to the customer's message; the same call serves Messenger and Instagram.
 */
final class MetaSendApi {

  /** Messenger refuses longer texts. */
  static final int MAX_TEXT = 2000;

  private final WebClient client;
  private final MetaSettings settings;

  MetaSendApi(Vertx vertx, MetaSettings settings) {
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setIdleTimeout(30));
    this.settings = settings;
  }

  /** @return Meta's message id */
  Future<String> send(String recipientId, String text) {
    int length = text.codePointCount(0, text.length());
    if (length > MAX_TEXT) {
      return Future.failedFuture(new IllegalArgumentException(
          "a Messenger or Instagram message can hold at most " + MAX_TEXT + " characters (this one has " + length + ")"));
    }
    JsonObject body = new JsonObject()
        .put("recipient", new JsonObject().put("id", recipientId))
        .put("messaging_type", "RESPONSE")
        .put("message", new JsonObject().put("text", text));
    return client.postAbs(settings.graphBaseUrl() + "/" + settings.apiVersion() + "/me/messages")
        .bearerTokenAuthentication(settings.pageAccessToken())
        .timeout(10_000)
        .sendJsonObject(body)
        .compose(response -> {
          JsonObject answer = response.statusCode() / 100 == 2 ? json(response.bodyAsString()) : null;
          if (answer != null && answer.getValue("message_id") instanceof String id) {
            return Future.succeededFuture(id);
          }
          return Future.failedFuture(new IllegalStateException("Meta refused the message: "
              + ProviderRefusal.reason(response)));
        });
  }

  void close() {
    client.close();
  }

  private static JsonObject json(String body) {
    try {
      return body == null ? null : new JsonObject(body);
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
