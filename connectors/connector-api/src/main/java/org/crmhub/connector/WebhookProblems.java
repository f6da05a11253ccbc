package org.crmhub.connector;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** RFC 9457 problem answers for provider webhooks mounted beside the API contract. */
public final class WebhookProblems {

  private WebhookProblems() {}

  public static void problem(RoutingContext ctx, int status, String title, String detail) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json")
        .end(new JsonObject().put("type", "about:blank").put("title", title).put("status", status)
            .put("detail", detail).put("instance", ctx.request().path()).encode());
  }

  /** The store could not take the event: the provider should retry it later. */
  public static void retryLater(RoutingContext ctx) {
    ctx.response().putHeader("Retry-After", "2");
    problem(ctx, 503, "Service unavailable", "try again");
  }
}
