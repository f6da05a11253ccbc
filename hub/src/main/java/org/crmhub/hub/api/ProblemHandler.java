package org.crmhub.hub.api;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.concurrent.TimeoutException;
import org.crmhub.connector.IdentityNormalizer.InvalidIdentityException;
import org.crmhub.hub.failure.Backlogged;
import org.crmhub.hub.failure.Conflict;
import org.crmhub.hub.failure.Invalid;
import org.crmhub.hub.failure.NotFound;
import org.crmhub.hub.failure.NotReplicated;
import org.crmhub.hub.failure.Stale;
import org.crmhub.hub.redis.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become HTTP answers: RFC 9457 problem+json with the field that was wrong,
 * never a stack trace. Unknown failures are logged here and answered with a bare 500.
 */
public final class ProblemHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);
  /** A full backlog drains over seconds: senders are told to come back later than after a Redis hiccup. */
  private static final long BACKLOG_RETRY_AFTER_SECONDS = 5;
  /** Replicas catch up within a second or are down: either way a retry soon finds out. */
  private static final long REPLICAS_RETRY_AFTER_SECONDS = 1;
  public static final String CONTENT_TYPE = "application/problem+json";

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ApiProblem problem = toProblem(ctx.failure(), ctx.statusCode());
    if (problem.retryAfterSeconds() != null && problem.status() == 503) {
      // an expected, passing state (backlog full, storage or replicas not answering): one line, no
      // stack, since under overload thousands a second would make logging the next bottleneck
      LOG.warn("{} {} answered 503: {}", ctx.request().method(), ctx.request().path(), problem.getMessage());
    } else if (problem.status() >= 500 && !(ctx.failure() instanceof ApiProblem)) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    send(ctx, problem);
  }

  public static void send(RoutingContext ctx, ApiProblem problem) {
    if (problem.retryAfterSeconds() != null) {
      ctx.response().putHeader("Retry-After", Long.toString(problem.retryAfterSeconds()));
    }
    if (problem.status() == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"crm-hub\"");
    }
    ctx.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store")
        .end(problem.toJson(ctx.request().path()).encode());
  }

  static ApiProblem toProblem(Throwable failure, int statusCode) {
    if (failure instanceof ApiProblem problem) {
      return problem;
    }
    if (failure instanceof HttpException http) {
      if (http.getCause() instanceof ValidatorException validation) {
        return fromValidation(validation);
      }
      return byStatus(http.getStatusCode(), http.getPayload());
    }
    if (failure instanceof ValidatorException validation) {
      return fromValidation(validation);
    }
    if (failure instanceof NotFound notFound) {
      return ApiProblem.of(404, "Not found", notFound.getMessage());
    }
    if (failure instanceof Conflict conflict) {
      return ApiProblem.of(409, "Conflict", conflict.getMessage());
    }
    if (failure instanceof Stale stale) {
      return ApiProblem.of(412, "Precondition failed", stale.getMessage());
    }
    if (failure instanceof Invalid invalid) {
      return ApiProblem.badRequest(invalid.pointer(), invalid.getMessage());
    }
    if (failure instanceof InvalidIdentityException invalid) {
      return ApiProblem.badRequest("/from", invalid.getMessage());
    }
    if (failure instanceof java.io.IOException && String.valueOf(failure.getMessage()).startsWith("Size exceed")) {
      // Netty's form decoder refusing an attribute over HttpServerOptions' maxFormAttributeSize
      return byStatus(413, null);
    }
    if (failure instanceof Backlogged backlogged) {
      return ApiProblem.unavailable(backlogged.getMessage(), BACKLOG_RETRY_AFTER_SECONDS);
    }
    if (failure instanceof NotReplicated notReplicated) {
      return ApiProblem.unavailable(notReplicated.getMessage(), REPLICAS_RETRY_AFTER_SECONDS);
    }
    if (Redis.isStorageFailure(failure) || failure instanceof TimeoutException) {
      return ApiProblem.unavailable("storage is unavailable; nothing was stored");
    }
    if (failure == null) {
      return byStatus(statusCode, null);
    }
    return ApiProblem.of(500, "Internal server error", "the error was logged");
  }

  private static ApiProblem byStatus(int status, String detail) {
    return switch (status) {
      case 400 -> ApiProblem.of(400, "Bad request", detail == null ? "malformed request" : detail);
      case 401 -> ApiProblem.of(401, "Unauthorized", "credentials are missing or wrong");
      case 403 -> ApiProblem.of(403, "Forbidden", "not allowed");
      case 404 -> ApiProblem.of(404, "Not found", "no such resource");
      case 405 -> ApiProblem.of(405, "Method not allowed", "this resource does not support the method");
      case 413 -> ApiProblem.of(413, "Content too large", "the request body is larger than allowed");
      case 415 -> ApiProblem.of(415, "Unsupported media type", "send application/json");
      case 502 -> ApiProblem.of(502, "Bad gateway", detail);
      default -> status >= 400 && status < 500
          ? ApiProblem.of(status, "Client error", detail)
          : ApiProblem.of(500, "Internal server error", "the error was logged");
    };
  }

  private static ApiProblem fromValidation(ValidatorException validation) {
    String pointer = "";
    String detail = validation.getMessage();
    if (validation instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
      OutputUnit deepest = firstError(schema.getOutputUnit());
      if (deepest != null) {
        pointer = deepest.getInstanceLocation() == null ? "" : deepest.getInstanceLocation();
        detail = deepest.getError() == null ? detail : deepest.getError();
      }
    }
    JsonArray errors = new JsonArray().add(new JsonObject().put("pointer", pointer).put("detail", detail));
    return ApiProblem.badRequestWith(validation.getMessage(), errors);
  }

  private static OutputUnit firstError(OutputUnit unit) {
    if (unit.getErrors() != null) {
      for (OutputUnit nested : unit.getErrors()) {
        OutputUnit found = firstError(nested);
        if (found != null) {
          return found;
        }
      }
    }
    return unit.getError() != null ? unit : null;
  }
}
