package org.crmhub.hub.api;

import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON answers with the headers every API response carries. */
public final class Responses {

  private Responses() {}

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }

  /** Answers the outcome: the JSON body with {@code status}, or the failure through the problem handler. */
  public static Handler<AsyncResult<JsonObject>> answer(RoutingContext ctx, int status) {
    return outcome -> {
      if (outcome.succeeded()) {
        json(ctx, status, outcome.result());
      } else {
        ctx.fail(outcome.cause());
      }
    };
  }

  /** Answers the outcome with {@code status} and no body, or the failure through the problem handler. */
  public static <T> Handler<AsyncResult<T>> empty(RoutingContext ctx, int status) {
    return outcome -> {
      if (outcome.succeeded()) {
        ctx.response().setStatusCode(status).end();
      } else {
        ctx.fail(outcome.cause());
      }
    };
  }

  /** 304 when If-None-Match carries the current ETag, else 200 with the ETag. */
  static void jsonWithEtag(RoutingContext ctx, String etag, JsonObject body) {
    ctx.response().putHeader("ETag", etag);
    String ifNoneMatch = ctx.request().getHeader("If-None-Match");
    if (etag.equals(ifNoneMatch)) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    json(ctx, 200, body);
  }

  /** A body already written as JSON, with the version it shows. */
  static void json(RoutingContext ctx, int status, String etag, Buffer json) {
    ctx.response().putHeader("ETag", etag);
    json(ctx, status, json);
  }

  /** A body already written as JSON. */
  static void json(RoutingContext ctx, int status, Buffer json) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(json);
  }
}
