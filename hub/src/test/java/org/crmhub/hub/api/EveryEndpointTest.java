package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Walks every operation of the published contract, so a new endpoint is covered the day it is
 * added: no credentials is 401, a key without the scope is 403, and for operations with a body,
 * malformed JSON is 400, a body over the limit is 413 and a non-JSON body is 415. Every refusal
 * is problem+json without a stack trace.
 */
class EveryEndpointTest extends HubTestBase {

  /** One operation: method, a concrete path (path parameters filled with well-formed ids) and scope. */
  record Operation(String id, HttpMethod method, String path, String scope, boolean hasBody, boolean csvBody) {}

  @SuppressWarnings("unchecked")
  static List<Operation> operations() throws IOException {
    try (InputStream in = EveryEndpointTest.class.getClassLoader().getResourceAsStream(ApiRouter.CONTRACT)) {
      Map<String, Object> contract = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      List<Operation> operations = new ArrayList<>();
      Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) contract.get("paths");
      paths.forEach((path, item) -> item.forEach((method, value) -> {
        if (value instanceof Map<?, ?> operation && operation.containsKey("operationId")) {
          String concrete = path.replaceAll("\\{deadLetterId}", "1-0").replaceAll("\\{[^}]+}", "id_1");
          operations.add(new Operation((String) operation.get("operationId"),
              HttpMethod.valueOf(method.toUpperCase()), concrete, (String) operation.get("x-crmhub-scope"),
              operation.containsKey("requestBody"), isCsv(operation.get("requestBody"))));
        }
      }));
      return operations;
    }
  }

  private static boolean isCsv(Object requestBody) {
    return requestBody instanceof Map<?, ?> body && body.get("content") instanceof Map<?, ?> content
        && content.containsKey("text/csv");
  }

  private Future<List<String>> eachOperation(Function<Operation, Future<String>> check) {
    List<Future<String>> results = new ArrayList<>();
    try {
      for (Operation operation : operations()) {
        results.add(check.apply(operation));
      }
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    return Future.all(results).map(all -> all.<String>list().stream().filter(failure -> failure != null).toList());
  }

  /** null when the response is the expected problem, else what was wrong. */
  private static String expectProblem(Operation operation, String what, HttpResponse<Buffer> response, int status) {
    try {
      assertProblem(response, status);
      return null;
    } catch (AssertionError e) {
      return operation.id() + " " + what + ": " + e.getMessage();
    }
  }

  private HttpRequest<Buffer> request(Operation operation) {
    return hub.request(operation.method(), operation.path());
  }

  @Test
  void theWalkSeesTheWholeContract() throws IOException {
    List<Operation> operations = operations();
    org.junit.jupiter.api.Assertions.assertTrue(operations.size() >= 19, operations.toString());
    org.junit.jupiter.api.Assertions.assertTrue(operations.stream().filter(Operation::hasBody).count() >= 7);
    org.junit.jupiter.api.Assertions.assertEquals(List.of("login"),
        operations.stream().filter(o -> o.scope() == null).map(Operation::id).toList(),
        "only sign-in is open");
  }

  @Test
  void withoutCredentialsEveryProtectedOperationIs401(VertxTestContext test) {
    eachOperation(operation -> operation.scope() == null
            ? Future.succeededFuture()
            : request(operation).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{}"))
                .map(response -> expectProblem(operation, "without credentials", response, 401)))
        .onComplete(test.succeeding(failures -> test.verify(() -> {
          assertFalse(!failures.isEmpty(), String.join("\n", failures));
          test.completeNow();
        })));
  }

  @Test
  void aKeyWithoutTheScopeIs403Everywhere(VertxTestContext test) {
    Future<String> narrowKey = hub.authorized(HttpMethod.POST, "/api/v1/api-keys")
        .sendJsonObject(new JsonObject().put("name", "ingest only").put("scopes", new JsonArray().add("ingest")))
        .map(response -> response.bodyAsJsonObject().getString("key"));
    narrowKey.compose(key -> eachOperation(operation -> operation.scope() == null || operation.scope().equals("ingest")
            ? Future.succeededFuture()
            : request(operation).bearerTokenAuthentication(key).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{}"))
                .map(response -> expectProblem(operation, "with a key lacking '" + operation.scope() + "'", response, 403))))
        .onComplete(test.succeeding(failures -> test.verify(() -> {
          assertFalse(!failures.isEmpty(), String.join("\n", failures));
          test.completeNow();
        })));
  }

  @Test
  void malformedOversizedAndNonJsonBodiesAreRefusedEverywhere(VertxTestContext test) {
    Buffer oversized = Buffer.buffer("{\"text\": \"" + "a".repeat(100 * 1024) + "\"}");
    eachOperation(operation -> {
      if (!operation.hasBody()) {
        return Future.succeededFuture();
      }
      // a CSV body is malformed or of the wrong shape in CSV's terms
      String type = operation.csvBody() ? "text/csv" : "application/json";
      Future<HttpResponse<Buffer>> malformed = request(operation).bearerTokenAuthentication(TestHub.API_KEY)
          .putHeader("Content-Type", type).sendBuffer(Buffer.buffer(operation.csvBody()
              ? "label,text\nnegative,\"unterminated" : "{\"unterminated\": "));
      Future<HttpResponse<Buffer>> tooLarge = request(operation).bearerTokenAuthentication(TestHub.API_KEY)
          .putHeader("Content-Type", type).sendBuffer(oversized);
      Future<HttpResponse<Buffer>> notJson = request(operation).bearerTokenAuthentication(TestHub.API_KEY)
          .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer("a=b"));
      Future<HttpResponse<Buffer>> wrongShape = request(operation).bearerTokenAuthentication(TestHub.API_KEY)
          .putHeader("Content-Type", type).sendBuffer(Buffer.buffer("[1, 2, 3]"));
      return Future.all(malformed, tooLarge, notJson, wrongShape).map(all -> {
        List<String> failures = new ArrayList<>();
        failures.add(expectProblem(operation, "malformed JSON", malformed.result(), 400));
        failures.add(expectProblem(operation, "oversized body", tooLarge.result(), 413));
        failures.add(expectProblem(operation, "form body", notJson.result(), 415));
        failures.add(expectProblem(operation, "array instead of object", wrongShape.result(), 400));
        failures.removeIf(failure -> failure == null);
        return failures.isEmpty() ? null : String.join("\n", failures);
      });
    }).onComplete(test.succeeding(failures -> test.verify(() -> {
      assertFalse(!failures.isEmpty(), String.join("\n", failures));
      test.completeNow();
    })));
  }
}
