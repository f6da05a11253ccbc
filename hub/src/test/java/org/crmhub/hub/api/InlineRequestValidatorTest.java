package org.crmhub.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A small body is validated at once on the caller's thread, a large one on a worker as the library
 * does; both judge exactly as the library's own validator.
 */
class InlineRequestValidatorTest {

  private static Vertx vertx;
  private static OpenAPIContract contract;

  @BeforeAll
  static void loadContract() throws Exception {
    vertx = Vertx.vertx();
    contract = new ContractWithReusedValidators(ContractLoader.load(vertx, ApiRouter.CONTRACT).await(30, TimeUnit.SECONDS));
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static ValidatableRequest contact(JsonObject body) {
    return new ValidatableRequestImpl(Map.of(), Map.of(), Map.of(), Map.of(),
        new RequestParameterImpl(body.toBuffer()), "application/json");
  }

  private static JsonObject body(String text) {
    return new JsonObject().put("channel", "api").put("externalId", "m-1")
        .put("from", new JsonObject().put("email", "ann@example.com")).put("text", text);
  }

  /** Runs a validation on an event loop and says whether it was complete when validate returned. */
  private static Outcome validateOnEventLoop(RequestValidator validator, ValidatableRequest request) throws Exception {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    vertx.runOnContext(v -> {
      Future<ValidatedRequest> validated = validator.validate(request, "acceptContact");
      boolean atOnce = validated.isComplete();
      validated.onComplete(done -> outcome.complete(new Outcome(atOnce, done.succeeded(),
          done.failed() ? done.cause().getMessage() : null, done.succeeded() ? done.result().getBody() : null)));
    });
    return outcome.get(30, TimeUnit.SECONDS);
  }

  private record Outcome(boolean atOnce, boolean valid, String error, RequestParameter body) {}

  @Test
  void aSmallValidBodyIsValidatedAtOnceWithTheLibrarysResult() throws Exception {
    ValidatableRequest request = contact(body("where is my parcel?"));
    Outcome inline = validateOnEventLoop(new InlineRequestValidator(vertx, contract), request);
    Outcome library = validateOnEventLoop(RequestValidator.create(vertx, contract), request);
    assertTrue(inline.atOnce());
    assertFalse(library.atOnce());
    assertTrue(inline.valid() && library.valid());
    assertEquals(library.body().getJsonObject(), inline.body().getJsonObject());
  }

  @Test
  void aSmallInvalidBodyFailsAtOnceAsTheLibraryFailsIt() throws Exception {
    ValidatableRequest request = contact(body("hi").put("channel", "carrier-pigeon"));
    Outcome inline = validateOnEventLoop(new InlineRequestValidator(vertx, contract), request);
    Outcome library = validateOnEventLoop(RequestValidator.create(vertx, contract), request);
    assertTrue(inline.atOnce());
    assertFalse(inline.valid());
    assertEquals(library.error(), inline.error());
  }

  @Test
  void aLargeBodyGoesToAWorkerAsBefore() throws Exception {
    String text = "a".repeat(InlineRequestValidator.INLINE_BODY_BYTES);
    Outcome large = validateOnEventLoop(new InlineRequestValidator(vertx, contract), contact(body(text)));
    assertFalse(large.atOnce());
    assertTrue(large.valid());
    Outcome tooLong = validateOnEventLoop(new InlineRequestValidator(vertx, contract),
        contact(body("a".repeat(100_001))));
    assertFalse(tooLong.atOnce());
    assertFalse(tooLong.valid());
  }
}
