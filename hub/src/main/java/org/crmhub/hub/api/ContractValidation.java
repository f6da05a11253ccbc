package org.crmhub.hub.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatedRequest;

/**
 * Validates a request against its operation in the contract. Runs after authentication (the
 * router builder's own validation would run first and answer 400 to callers who should get 401).
 */
public final class ContractValidation {

  private final RequestValidator validator;
  private final RequestExtractor extractor = RequestExtractor.withBodyHandler();

  public ContractValidation(Vertx vertx, OpenAPIContract contract) {
    this.validator = RequestValidator.create(vertx, contract);
  }

  public static ValidatedRequest validated(RoutingContext ctx) {
    return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  public Handler<RoutingContext> handler(Operation operation) {
    return ctx -> {
      if (operation.getRequestBody() != null && !isJson(ctx.request().getHeader("Content-Type"))) {
        ctx.fail(ApiProblem.of(415, "Unsupported media type", "send the body as application/json"));
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

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim();
    return mediaType.equalsIgnoreCase("application/json");
  }
}
