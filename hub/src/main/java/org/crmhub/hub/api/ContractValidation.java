package org.crmhub.hub.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Map;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatedRequest;

/**
 * Validates a request against its operation in the contract. Runs after authentication (the
 * router builder's own validation would run first and answer 400 to callers who should get 401).
 */
public final class ContractValidation {

  private static final int DEFAULT_LIMIT = 25;

  private final RequestValidator validator;
  private final RequestExtractor extractor = new OnceDecodedQuery();

  public ContractValidation(Vertx vertx, OpenAPIContract contract) {
    this.validator = RequestValidator.create(vertx, new ContractWithReusedValidators(contract));
  }

  public static ValidatedRequest validated(RoutingContext ctx) {
    return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  /** A validated query parameter as text, or null when absent. */
  public static String query(RoutingContext ctx, String name) {
    RequestParameter parameter = validated(ctx).getQuery().get(name);
    return parameter == null || parameter.isNull() ? null : parameter.getString();
  }

  /** The validated {@code limit} query parameter, 25 when absent (the contract's default). */
  public static int limit(RoutingContext ctx) {
    RequestParameter limit = validated(ctx).getQuery().get("limit");
    return limit == null || limit.isNull() ? DEFAULT_LIMIT : limit.getInteger();
  }

  /** A validated whole-number query parameter, {@code fallback} (the contract's default) when absent. */
  public static int integer(RoutingContext ctx, String name, int fallback) {
    RequestParameter parameter = validated(ctx).getQuery().get(name);
    return parameter == null || parameter.isNull() ? fallback : parameter.getInteger();
  }

  public Handler<RoutingContext> handler(Operation operation) {
    return ctx -> {
      String expected = operation.getRequestBody() == null ? null : publishedBodyType(operation);
      if (expected != null && !isOfType(ctx.request().getHeader("Content-Type"), expected)) {
        ctx.fail(ApiProblem.of(415, "Unsupported media type", "send the body as " + expected));
        return;
      }
      extractor.extractValidatableRequest(ctx, operation)
          .compose(request -> validator.validate(request, operation.getOperationId()))
          .onSuccess(validated -> {
            ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
            ctx.next();
          })
          .onFailure(ctx::fail);
    };
  }

  /** The media type the published contract asks of the body: JSON, unless the router's copy relabelled it. */
  private static String publishedBodyType(Operation operation) {
    for (Map.Entry<String, String> relabelled : ContractLoader.REQUEST_TYPES_FOR_ROUTER.entrySet()) {
      if (operation.getRequestBody().getContent().containsKey(relabelled.getValue())) {
        return relabelled.getKey();
      }
    }
    return "application/json";
  }

  private static boolean isOfType(String contentType, String expected) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim();
    return mediaType.equalsIgnoreCase(expected);
  }
}
