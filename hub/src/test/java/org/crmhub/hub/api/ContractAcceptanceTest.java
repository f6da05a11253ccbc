package org.crmhub.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.curiousoddman.rgxgen.RgxGen;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.crmhub.hub.testing.ContractSchemas;
import org.junit.jupiter.api.Test;

/**
 * The hub takes every value the contract admits. For each field or parameter whose shape the
 * contract states with a pattern the hub also checks (email addresses, phone numbers, social ids,
 * identity keys, inbox cursors), values are generated from the contract's own pattern by RgxGen,
 * kept when the contract's schema (through networknt's validator) admits them, and sent: no value
 * may be refused as malformed. Seeds are fixed, so a failure names a value that fails again.
 */
class ContractAcceptanceTest extends HubTestBase {

  private static final int VALUES_PER_FIELD = 30;
  private static final String SENDER = "/components/schemas/Sender/properties/";
  private static final String PASSWORD = "correct horse battery";

  @Test
  void everySenderValueTheContractAdmitsIsAccepted(VertxTestContext test) {
    List<Future<String>> refusals = new ArrayList<>();
    int sent = 0;
    for (String field : List.of("email", "phone", "x", "meta")) {
      String channel = switch (field) {
        case "phone" -> "sms";
        case "meta" -> "messenger";
        default -> field;
      };
      for (String value : admitted(SENDER + field, field.hashCode())) {
        JsonObject contact = new JsonObject().put("channel", channel).put("externalId", "accept-" + field + "-" + sent++)
            .put("text", "hello").put("from", new JsonObject().put(field, value));
        assertEquals(List.of(), ContractSchemas.componentViolations("InboundContact", contact.encode()));
        refusals.add(push(contact).map(response -> refusal(response, 202, field + "=" + value)));
      }
    }
    expectNoRefusal(test, refusals);
  }

  @Test
  void aPhoneNumberThatCannotBeAnyonesIsFiledUnlinkedNotRefused(VertxTestContext test) {
    JsonObject shortCode = new JsonObject().put("channel", "sms").put("externalId", "too-short-1")
        .put("text", "STOP").put("from", new JsonObject().put("phone", "+44 123"));
    push(shortCode).onComplete(test.succeeding(response -> test.verify(() -> {
      assertEquals(202, response.statusCode(), response.bodyAsString());
      JsonObject unlinked = response.bodyAsJsonObject().getJsonArray("unlinked").getJsonObject(0);
      assertEquals("/from/phone", unlinked.getString("pointer"));
      test.completeNow();
    })));
  }

  @Test
  void everyIdentityKeyTheContractAdmitsIsLookedUp(VertxTestContext test) {
    String identity = "/paths/~1api~1v1~1customers/get/parameters/0/schema";
    List<Future<String>> refusals = admitted(identity, 7).stream()
        .map(value -> hub.authorized(HttpMethod.GET, "/api/v1/customers?identity=" + query(value)).send()
            .map(response -> refusal(response, 200, "identity=" + value)))
        .toList();
    expectNoRefusal(test, refusals);
  }

  @Test
  void everyCursorTheContractAdmitsStartsAPage(VertxTestContext test) {
    List<Future<String>> refusals = admitted("/components/parameters/Cursor/schema", 11).stream()
        .map(value -> hub.authorized(HttpMethod.GET, "/api/v1/conversations?limit=5&cursor=" + query(value)).send()
            .map(response -> refusal(response, 200, "cursor=" + value)))
        .toList();
    expectNoRefusal(test, refusals);
  }

  @Test
  void everyEmailTheContractAdmitsIsAnAccountEmail(VertxTestContext test) {
    List<String> emails = admitted("/components/schemas/PortalSignUp/properties/email", 13).subList(0, 12);
    List<Future<String>> refusals = new ArrayList<>();
    for (String email : emails) {
      // two generated addresses may fold to one account: the second is then a conflict, not a refusal
      refusals.add(portal("/api/v1/portal/accounts", new JsonObject().put("email", email).put("password", PASSWORD))
          .map(response -> refusal(response, Set.of(201, 409), "sign-up " + email)));
      refusals.add(portal("/api/v1/portal/sign-ins", new JsonObject().put("email", email).put("password", PASSWORD))
          .map(response -> refusal(response, Set.of(401, 403, 429), "sign-in " + email)));
      refusals.add(portal("/api/v1/portal/password-resets", new JsonObject().put("email", email))
          .map(response -> refusal(response, Set.of(202, 429), "reset " + email)));
    }
    expectNoRefusal(test, refusals);
  }

  /** Values the contract admits at this schema, generated from its pattern. */
  private static List<String> admitted(String pointer, long seed) {
    String pattern = ContractSchemas.schemaAt(pointer).get("pattern").asText();
    RgxGen generator = RgxGen.parse(pattern);
    Random random = new Random(seed);
    List<String> values = new ArrayList<>();
    for (int attempt = 0; attempt < VALUES_PER_FIELD * 20 && values.size() < VALUES_PER_FIELD; attempt++) {
      String value = generator.generate(random);
      if (ContractSchemas.violationsAt(pointer, Json.encode(value)).isEmpty()) {
        values.add(value);
      }
    }
    assertTrue(values.size() >= VALUES_PER_FIELD / 2, "only " + values.size() + " admitted values for " + pointer);
    return values;
  }

  private Future<HttpResponse<Buffer>> portal(String path, JsonObject body) {
    return hub.hub().portalApiKey()
        .compose(key -> hub.request(HttpMethod.POST, path).bearerTokenAuthentication(key).sendJsonObject(body));
  }

  private static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String refusal(HttpResponse<Buffer> response, int expected, String what) {
    return refusal(response, Set.of(expected), what);
  }

  /** Null when the answer is one of those expected, else what was refused and why. */
  private static String refusal(HttpResponse<Buffer> response, Set<Integer> expected, String what) {
    return expected.contains(response.statusCode()) ? null
        : what + " answered " + response.statusCode() + " " + response.bodyAsString();
  }

  private static void expectNoRefusal(VertxTestContext test, List<Future<String>> refusals) {
    Future.all(refusals).map(all -> all.<String>list().stream().filter(r -> r != null).toList())
        .onComplete(test.succeeding(refused -> test.verify(() -> {
          assertEquals(List.of(), refused);
          test.completeNow();
        })));
  }
}
