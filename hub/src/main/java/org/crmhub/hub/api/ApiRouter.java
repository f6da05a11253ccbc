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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.crmhub.hub.auth.Scope;
import org.crmhub.hub.health.HubMetrics;

/**
 * Mounts {@code openapi.yaml}: for every operation, authentication and its scope first, then
 * validation against the contract, then the handler. An operation without a handler is a
 * start-up error, so the contract and the code cannot drift apart silently.
 */
public final class ApiRouter {

  public static final String CONTRACT = "openapi.yaml";
  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

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
      answerUnsupportedMethods(router, builder);
      router.route().failureHandler(new ProblemHandler());
      return router;
    });
  }

  /**
   * A known path asked with a method the contract does not list (TRACE included) is 405 with
   * {@code Allow}, not 404: these routes come after every operation's, so they only see requests
   * no operation took.
   */
  private static void answerUnsupportedMethods(Router router, RouterBuilder builder) {
    Map<String, Set<String>> methodsByPath = new TreeMap<>();
    for (OpenAPIRoute route : builder.getRoutes()) {
      Operation operation = route.getOperation();
      methodsByPath.computeIfAbsent(operation.getOpenAPIPath(), path -> new TreeSet<>())
          .add(operation.getHttpMethod().name());
    }
    methodsByPath.forEach((path, methods) -> {
      String allow = String.join(", ", methods);
      router.route(PATH_PARAMETER.matcher(path).replaceAll(":$1")).handler(ctx -> {
        ctx.response().putHeader("Allow", allow);
        ctx.fail(ApiProblem.of(405, "Method not allowed", "this resource supports " + allow));
      });
    });
  }
}
