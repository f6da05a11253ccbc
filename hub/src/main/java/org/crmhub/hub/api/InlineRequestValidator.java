package org.crmhub.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import java.util.HashMap;
import java.util.Map;

/**
 * vertx-openapi's request validator, except that a request whose body is small is validated on the
 * calling event loop. The library hands every validation to a worker (ordered per event loop) and
 * back; compiled, a small body validates in about 10 µs, less than the two thread hops cost, while a
 * large one (a mail of up to hundreds of kilobytes) still goes to the worker. The checks are the
 * library's own ({@code validateParameter}, {@code validateBody}), in the order it runs them.
 */
final class InlineRequestValidator extends RequestValidatorImpl {

  /** Bodies up to this many bytes are validated on the event loop. */
  static final int INLINE_BODY_BYTES = 16 * 1024;

  InlineRequestValidator(Vertx vertx, OpenAPIContract contract) {
    super(vertx, contract);
  }

  @Override
  public Future<ValidatedRequest> validate(ValidatableRequest request, String operationId) {
    Operation operation = contract.operation(operationId);
    if (operation == null || bodyBytes(request) > INLINE_BODY_BYTES) {
      return super.validate(request, operationId);
    }
    try {
      return Future.succeededFuture(validateNow(request, operation));
    } catch (RuntimeException e) {
      // the library's exceptions for invalid input are runtime exceptions: a failed validation
      return Future.failedFuture(e);
    }
  }

  private ValidatedRequest validateNow(ValidatableRequest request, Operation operation) {
    Map<String, RequestParameter> cookies = new HashMap<>();
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    for (Parameter parameter : operation.getParameters()) {
      String name = parameter.getName();
      switch (parameter.getIn()) {
        case COOKIE -> cookies.put(name, validateParameter(parameter, request.getCookies().get(name)));
        case HEADER -> headers.put(name, validateParameter(parameter, request.getHeaders().get(name)));
        case PATH -> path.put(name, validateParameter(parameter, request.getPathParameters().get(name)));
        case QUERY -> query.put(name, validateParameter(parameter, request.getQuery().get(name)));
        default -> { }
      }
    }
    RequestParameter body = validateBody(operation.getRequestBody(), request);
    return new ValidatedRequestImpl(cookies, headers, path, query, body);
  }

  private static long bodyBytes(ValidatableRequest request) {
    RequestParameter body = request.getBody();
    if (body == null || body.isNull()) {
      return 0;
    }
    Object raw = body.get();
    return raw instanceof Buffer buffer ? buffer.length() : Long.MAX_VALUE;
  }
}
