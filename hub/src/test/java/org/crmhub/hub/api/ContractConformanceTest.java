package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.crmhub.hub.testing.ContractSchemas;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/**
 * The contract and the hub agree on refusals: driven by vertx-openapi's model of
 * {@code openapi.yaml}, every path or header parameter with a {@code pattern} is sent a value
 * that breaks it, and whatever the hub answers must be a problem the operation documents. A
 * date-time the hub cannot read must be one the contract's own schema refuses.
 */
class ContractConformanceTest extends HubTestBase {

  /** Breaks every pattern of the contract (none allows a tilde). */
  private static final String OFF_PATTERN = "~";

  @Test
  void aParameterBreakingItsPatternGetsAResponseTheOperationDocuments(VertxTestContext test) {
    ContractLoader.load(vertx, ApiRouter.CONTRACT).compose(this::breakEveryPattern)
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          assertTrue(outcomes.size() >= 30, "the walk saw " + outcomes.size() + " patterned parameters");
          List<String> undocumented = outcomes.stream().filter(Objects::nonNull).toList();
          assertEquals(List.of(), undocumented, "statuses the contract does not document");
          test.completeNow();
        })));
  }

  @Test
  void traceOnAKnownPathIs405WithAllow(VertxTestContext test) {
    hub.request(HttpMethod.TRACE, "/api/v1/conversations/id_1").send()
        .onComplete(test.succeeding(response -> test.verify(() -> {
          assertProblem(response, 405);
          assertEquals("GET, PATCH", response.getHeader("Allow"));
          test.completeNow();
        })));
  }

  @Test
  void anUnlistedMethodIs405ButAnUnknownPathStays404(VertxTestContext test) {
    Future<HttpResponse<Buffer>> put =
        hub.authorized(HttpMethod.PUT, "/api/v1/webhooks").sendBuffer(Buffer.buffer("{}"));
    Future<HttpResponse<Buffer>> unknown =
        hub.authorized(HttpMethod.TRACE, "/api/v1/no-such-thing").send();
    Future.all(put, unknown).onComplete(test.succeeding(both -> test.verify(() -> {
      assertProblem(put.result(), 405);
      assertEquals("GET, POST", put.result().getHeader("Allow"));
      assertProblem(unknown.result(), 404);
      test.completeNow();
    })));
  }

  @Test
  void anOffsetBeyondEighteenHoursIsRefusedByTheContractItselfAndByTheHub(VertxTestContext test) {
    String lateOffset = "2026-12-04T23:40:00+19:40";
    String widestOffset = "2026-12-04T23:40:00-18:00";
    JsonObject lateContact = TestHub.contact("late-offset-1", "offset@example.com", "hello").put("receivedAt", lateOffset);
    JsonObject widestContact = TestHub.contact("late-offset-2", "offset@example.com", "hello").put("receivedAt", widestOffset);
    assertFalse(ContractSchemas.componentViolations("InboundContact", lateContact.encode()).isEmpty());
    assertFalse(ContractSchemas.componentViolations("ReplayRequest", replay(lateOffset).encode()).isEmpty());
    assertEquals(List.of(), ContractSchemas.componentViolations("InboundContact", widestContact.encode()));
    assertEquals(List.of(), ContractSchemas.componentViolations("ReplayRequest", replay(widestOffset).encode()));
    Future<Void> patternRefuses = ContractLoader.load(vertx, ApiRouter.CONTRACT).map(contract -> {
      // format checkers disagree on offsets past 18 h (Schemathesis generates them), so the
      // contract must refuse them with a pattern every tool reads alike
      String pattern = contract.getRawContract().getJsonObject("components").getJsonObject("schemas")
          .getJsonObject("RequestDateTime").getString("pattern");
      assertFalse(Pattern.compile(pattern).matcher(lateOffset).find(), pattern);
      assertTrue(Pattern.compile(pattern).matcher(widestOffset).find(), pattern);
      return null;
    });
    Future<HttpResponse<Buffer>> late = push(lateContact);
    Future<HttpResponse<Buffer>> widest = push(widestContact);
    Future<String> webhook = hub.authorized(HttpMethod.POST, "/api/v1/webhooks")
        .sendJsonObject(new JsonObject().put("url", "http://127.0.0.1:9/hook")
            .put("events", new JsonArray().add("message.created")))
        .map(created -> "/api/v1/webhooks/" + created.bodyAsJsonObject().getString("id") + "/replay");
    Future<HttpResponse<Buffer>> lateReplay = webhook.compose(replay ->
        hub.authorized(HttpMethod.POST, replay).sendJsonObject(replay(lateOffset)));
    Future<HttpResponse<Buffer>> widestReplay = webhook.compose(replay ->
        hub.authorized(HttpMethod.POST, replay).sendJsonObject(replay(widestOffset)));
    Future.all(List.of(patternRefuses, late, widest, lateReplay, widestReplay)).onComplete(test.succeeding(all -> test.verify(() -> {
      assertProblem(late.result(), 400);
      assertProblem(lateReplay.result(), 400);
      assertEquals(202, widest.result().statusCode(), widest.result().bodyAsString());
      assertEquals(202, widestReplay.result().statusCode(), widestReplay.result().bodyAsString());
      test.completeNow();
    })));
  }

  private static JsonObject replay(String since) {
    return new JsonObject().put("since", since);
  }

  /** One entry per patterned parameter: null when the answer is documented, else what was wrong. */
  private Future<List<String>> breakEveryPattern(OpenAPIContract contract) {
    List<Future<String>> outcomes = new ArrayList<>();
    for (Operation operation : contract.operations()) {
      for (Parameter broken : operation.getParameters()) {
        if (broken.getSchema().get("pattern") != null
            && (broken.getIn() == Location.PATH || broken.getIn() == Location.HEADER)) {
          outcomes.add(send(operation, broken).map(response -> {
            int status = response.statusCode();
            boolean documented = operation.getResponse(status) != null
                && "application/problem+json".equals(response.getHeader("Content-Type"));
            return documented ? null
                : operation.getOperationId() + " with " + broken.getName() + "=" + OFF_PATTERN + " answered "
                    + status + " " + response.getHeader("Content-Type");
          }));
        }
      }
    }
    return Future.all(outcomes).map(all -> all.<String>list());
  }

  private Future<HttpResponse<Buffer>> send(Operation operation, Parameter broken) {
    String path = operation.getOpenAPIPath();
    for (Parameter parameter : operation.getParameters()) {
      if (parameter.getIn() == Location.PATH) {
        String value = parameter == broken ? OFF_PATTERN : validValue(parameter);
        path = path.replace("{" + parameter.getName() + "}", value);
      }
    }
    HttpRequest<Buffer> request = hub.request(operation.getHttpMethod(), path)
        .bearerTokenAuthentication(TestHub.API_KEY).timeout(10_000)
        .putHeader("Content-Type", "application/json");
    if (broken.getIn() == Location.HEADER) {
      request.putHeader(broken.getName(), OFF_PATTERN);
    }
    return request.sendBuffer(Buffer.buffer("{}"));
  }

  private static String validValue(Parameter parameter) {
    String pattern = parameter.getSchema().get("pattern");
    return pattern.startsWith("^[0-9]") ? "1-0" : "id_1";
  }
}
