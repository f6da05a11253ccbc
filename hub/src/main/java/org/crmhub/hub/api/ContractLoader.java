package org.crmhub.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Loads {@code openapi.yaml} for the router. vertx-openapi 5.0 refuses contracts whose responses
 * use media types it cannot validate ({@code application/problem+json}, {@code text/event-stream},
 * {@code application/zip});
 * responses are not validated by the router anyway, so their media types are relabelled for it
 * in memory while the published contract stays correct; so are request bodies it cannot read
 * ({@code text/csv}, which it takes as {@code text/plain}: {@link ContractValidation} checks the
 * real media type). Security requirements are dropped from
 * the router's copy too: {@link Authentication} enforces them (the router's own security chain
 * would need a Vert.x auth provider per scheme and would run after nothing we control).
 */
final class ContractLoader {

  private static final Map<String, String> RESPONSE_TYPES_FOR_ROUTER = Map.of(
      "application/problem+json", "application/json",
      "text/event-stream", "text/plain",
      "application/zip", "application/octet-stream");
  /** Request media types the router takes as another; the caller must still send the published one. */
  static final Map<String, String> REQUEST_TYPES_FOR_ROUTER = Map.of("text/csv", "text/plain");

  private ContractLoader() {}

  static Future<OpenAPIContract> load(Vertx vertx, String resource) {
    return vertx.fileSystem().readFile(resource)
        .map(buffer -> {
          Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(buffer.toString());
          JsonObject contract = new JsonObject(Json.encode(parsed));
          relabelMediaTypes(contract);
          dropSecurityRequirements(contract);
          // the published servers say where a hub usually runs; this hub serves from its root
          contract.remove("servers");
          return contract;
        })
        .compose(contract -> OpenAPIContract.from(vertx, contract));
  }

  private static void relabelMediaTypes(JsonObject contract) {
    JsonObject paths = contract.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation && operation.containsKey("responses")) {
          operation.getJsonObject("responses").forEach(entry -> relabel((JsonObject) entry.getValue(),
              RESPONSE_TYPES_FOR_ROUTER));
        }
        if (item.getValue(method) instanceof JsonObject operation && operation.containsKey("requestBody")) {
          relabelRequest(operation.getJsonObject("requestBody"));
        }
      }
    }
    JsonObject components = contract.getJsonObject("components", new JsonObject());
    components.getJsonObject("responses", new JsonObject())
        .forEach(entry -> relabel((JsonObject) entry.getValue(), RESPONSE_TYPES_FOR_ROUTER));
  }

  private static void dropSecurityRequirements(JsonObject contract) {
    contract.remove("security");
    JsonObject paths = contract.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation) {
          operation.remove("security");
        }
      }
    }
  }

  /**
   * A request body the router cannot read is taken as text it does not validate (a string of
   * format binary is not validated); its handler reads it.
   */
  private static void relabelRequest(JsonObject body) {
    JsonObject content = body.getJsonObject("content");
    if (content == null) {
      return;
    }
    REQUEST_TYPES_FOR_ROUTER.forEach((published, forRouter) -> {
      if (content.containsKey(published)) {
        content.remove(published);
        content.put(forRouter, new JsonObject().put("schema", new JsonObject().put("type", "string").put("format", "binary")));
      }
    });
  }

  /** The media type the router validates a request's body as: its own, unless relabelled. */
  static String requestTypeForRouter(String contentType) {
    if (contentType == null) {
      return null;
    }
    String forRouter = REQUEST_TYPES_FOR_ROUTER.get(contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT));
    return forRouter == null ? contentType : forRouter;
  }

  private static void relabel(JsonObject response, Map<String, String> typesForRouter) {
    JsonObject content = response.getJsonObject("content");
    if (content == null) {
      return;
    }
    typesForRouter.forEach((published, forRouter) -> {
      if (content.containsKey(published)) {
        content.put(forRouter, content.remove(published));
      }
    });
  }
}
