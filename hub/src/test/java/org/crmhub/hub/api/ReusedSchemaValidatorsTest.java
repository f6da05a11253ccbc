package org.crmhub.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The request validator's schema repository: one validator per schema, shared safely between threads. */
class ReusedSchemaValidatorsTest {

  private static Vertx vertx;
  private static OpenAPIContract contract;

  @BeforeAll
  static void loadContract() throws Exception {
    vertx = Vertx.vertx();
    contract = ContractLoader.load(vertx, ApiRouter.CONTRACT).await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static JsonSchema bodySchema(String operationId) {
    return contract.operation(operationId).getRequestBody().getContent().get("application/json").getSchema();
  }

  @Test
  void aSchemaGetsOneValidatorAndAnotherSchemaItsOwn() {
    SchemaRepository schemas = new ContractWithReusedValidators(contract).getSchemaRepository();
    Validator contact = schemas.validator(bodySchema("acceptContact"));
    assertSame(contact, schemas.validator(bodySchema("acceptContact")));
    assertNotSame(contact, schemas.validator(bodySchema("replyToConversation")));
  }

  @Test
  void aSharedValidatorJudgesLikeAFreshOneFromManyThreadsAtOnce() throws Exception {
    Validator shared = new ContractWithReusedValidators(contract).getSchemaRepository()
        .validator(bodySchema("acceptContact"));
    JsonObject valid = new JsonObject()
        .put("channel", "api")
        .put("externalId", "m-1")
        .put("from", new JsonObject().put("email", "ann@example.com"))
        .put("text", "where is my order?");
    JsonObject invalid = valid.copy().put("channel", "carrier-pigeon");
    Validator fresh = contract.getSchemaRepository().validator(bodySchema("acceptContact"));
    assertTrue(fresh.validate(valid).getValid());
    assertFalse(fresh.validate(invalid).getValid());

    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> rounds = new ArrayList<>();
      for (int thread = 0; thread < 8; thread++) {
        rounds.add(threads.submit(() -> {
          int right = 0;
          for (int i = 0; i < 200; i++) {
            right += shared.validate(valid).getValid() ? 1 : 0;
            right += shared.validate(invalid).getValid() ? 0 : 1;
          }
          return right;
        }));
      }
      for (Future<Integer> round : rounds) {
        assertEquals(400, round.get(60, TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
