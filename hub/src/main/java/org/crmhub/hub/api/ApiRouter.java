package org.crmhub.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import java.util.Map;
import org.crmhub.hub.auth.Scope;
import org.crmhub.hub.health.HubMetrics;

/**
 * Mounts {@code openapi.yaml}: for every operation, authentication and its scope first, then
 * validation against the contract, then the handler. An operation without a handler is a
 * start-up error, so the contract and the code cannot drift apart silently.
 */
public final class ApiRouter {

  public static final String CONTRACT = "openapi.yaml";

  private ApiRouter() {}

  public static Future<Router> create(Vertx vertx, Authentication authentication, int bodyLimitBytes,
      Map<String, Handler<RoutingContext>> handlers) {
    return ContractLoader.load(vertx, CONTRACT).map(contract -> {
      RouterBuilder builder = RouterBuilder.create(vertx, contract);
      builder.rootHandler(BodyHandler.create(false).setBodyLimit(bodyLimitBytes));
      builder.rootHandler(authentication.identify());
      ContractValidation validation = new ContractValidation(vertx, contract);
      for (OpenAPIRoute route : builder.getRoutes()) {
        Operation operation = route.getOperation();
        Handler<RoutingContext> handler = handlers.get(operation.getOperationId());
        if (handler == null) {
          throw new IllegalStateException("no handler for operation " + operation.getOperationId());
        }
        route.setDoValidation(false).setDoSecurity(false);
        String template = operation.getOpenAPIPath();
        route.addHandler(ctx -> {
          HubMetrics.routeTemplate(ctx, template);
          ctx.next();
        });
        Object scope = operation.getExtensions().get("x-crmhub-scope");
        if (scope != null) {
          route.addHandler(authentication.require(Scope.fromWireName(scope.toString())));
        }
        route.addHandler(validation.handler(operation)).addHandler(handler);
      }
      Router router = builder.createRouter();
      router.route().failureHandler(new ProblemHandler());
      return router;
    });
  }
}
