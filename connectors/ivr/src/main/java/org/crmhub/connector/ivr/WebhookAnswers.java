package org.crmhub.connector.ivr;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** RFC 9457 problem answers for the phone webhooks. */
final class WebhookAnswers {

  private WebhookAnswers() {}

  static void problem(RoutingContext ctx, int status, String title, String detail) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json")
        .end(new JsonObject().put("type", "about:blank").put("title", title).put("status", status)
            .put("detail", detail).put("instance", ctx.request().path()).encode());
  }
}
