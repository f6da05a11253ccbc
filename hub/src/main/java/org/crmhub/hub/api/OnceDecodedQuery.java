package org.crmhub.hub.api;

import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.contract.Response;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Extracts a request for validation with its query values decoded exactly once. vertx-openapi
 * URL-decodes query values the HTTP server has already decoded: {@code %2B} became a space (every
 * non-US phone, every plus-addressed email) and a literal {@code %} was refused. Single-valued
 * (primitive) query parameters are therefore taken from the server's decoding; the library extracts
 * everything else. It also reads a value as JSON when it can, so string parameters are handed to it
 * JSON-encoded: a search for {@code "a phrase"} or {@code 123} stays that text.
 */
final class OnceDecodedQuery implements RequestExtractor {

  private final RequestExtractor library = RequestExtractor.withBodyHandler();

  @Override
  public Future<ValidatableRequest> extractValidatableRequest(RoutingContext ctx, Operation operation) {
    return library.extractValidatableRequest(ctx, new WithoutPrimitiveQuery(operation)).map(request -> {
      Map<String, RequestParameter> query = new HashMap<>(request.getQuery());
      for (Parameter parameter : operation.getParameters()) {
        if (isPrimitiveQuery(parameter)) {
          List<String> values = ctx.queryParams().getAll(parameter.getName());
          String value = values.isEmpty() ? null : values.get(0);
          // the validator reads a value as JSON when it can ("123" a number, "\"a b\"" without its
          // quotes) and refuses one with a quote it cannot read; a string parameter is handed over
          // as a JSON string, so it is taken exactly as sent
          String raw = value != null && parameter.getSchemaType() == SchemaType.STRING ? Json.encode(value) : value;
          query.put(parameter.getName(), () -> raw);
        }
      }
      return new ValidatableRequestImpl(request.getCookies(), request.getHeaders(), request.getPathParameters(),
          query, request.getBody(), ContractLoader.requestTypeForRouter(request.getContentType()));
    });
  }

  private static boolean isPrimitiveQuery(Parameter parameter) {
    return parameter.getIn() == Location.QUERY
        && parameter.getSchemaType() != SchemaType.ARRAY && parameter.getSchemaType() != SchemaType.OBJECT;
  }

  /** The operation as the library's extractor should see it: without the query values we decode ourselves. */
  private record WithoutPrimitiveQuery(Operation operation) implements Operation {

    @Override
    public List<Parameter> getParameters() {
      return operation.getParameters().stream().filter(parameter -> !isPrimitiveQuery(parameter)).toList();
    }

    @Override
    public String getOperationId() {
      return operation.getOperationId();
    }

    @Override
    public HttpMethod getHttpMethod() {
      return operation.getHttpMethod();
    }

    @Override
    public String getOpenAPIPath() {
      return operation.getOpenAPIPath();
    }

    @Override
    public String getAbsoluteOpenAPIPath() {
      return operation.getAbsoluteOpenAPIPath();
    }

    @Override
    public List<String> getTags() {
      return operation.getTags();
    }

    @Override
    public RequestBody getRequestBody() {
      return operation.getRequestBody();
    }

    @Override
    public Response getDefaultResponse() {
      return operation.getDefaultResponse();
    }

    @Override
    public Response getResponse(int statusCode) {
      return operation.getResponse(statusCode);
    }

    @Override
    public List<SecurityRequirement> getSecurityRequirements() {
      return operation.getSecurityRequirements();
    }

    @Override
    public JsonObject getOpenAPIModel() {
      return operation.getOpenAPIModel();
    }

    @Override
    public Map<String, Object> getExtensions() {
      return operation.getExtensions();
    }
  }
}
