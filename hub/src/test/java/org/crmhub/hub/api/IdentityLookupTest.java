package org.crmhub.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.crmhub.hub.testing.Eventually;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/customers?identity=…} decodes the query exactly once, as every HTTP client encodes it. */
class IdentityLookupTest extends HubTestBase {

  @Test
  void percentEncodedPlusInANonUsPhoneAndAPlusAddressedEmailFindTheirCustomers(VertxTestContext test) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String phone = "+4420718" + (10000 + Math.abs(tag.hashCode() % 89999));
    String email = "ann+orders-" + tag + "@example.com";
    JsonObject contact = new JsonObject().put("channel", "api").put("externalId", "lookup-" + tag)
        .put("from", new JsonObject().put("phone", phone).put("email", email)).put("text", "Where is my order?");
    String[] customerId = new String[1];
    push(contact)
        .compose(accepted -> Eventually.holds(vertx, 10_000, "the contact is filed",
            () -> lookup("phone:" + phone).map(found -> found.statusCode() == 200
                && !found.bodyAsJsonObject().getJsonArray("items").isEmpty())))
        .compose(v -> lookup("phone:" + phone))
        .compose(byPhone -> {
          test.verify(() -> assertEquals(200, byPhone.statusCode(), byPhone.bodyAsString()));
          customerId[0] = byPhone.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id");
          return lookup("email:" + email);
        })
        .onComplete(test.succeeding(byEmail -> test.verify(() -> {
          assertEquals(200, byEmail.statusCode(), byEmail.bodyAsString());
          assertEquals(1, byEmail.bodyAsJsonObject().getJsonArray("items").size());
          assertEquals(customerId[0], byEmail.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id"));
          test.completeNow();
        })));
  }

  @Test
  void aPercentSignInTheQueryIsTakenLiterallyNotDecodedAgain(VertxTestContext test) {
    // decoded a second time, "%zz" is not a valid escape and the lookup would be refused
    lookup("email:100%zz@example.com").onComplete(test.succeeding(found -> test.verify(() -> {
      assertEquals(200, found.statusCode(), found.bodyAsString());
      assertEquals(0, found.bodyAsJsonObject().getJsonArray("items").size());
      test.completeNow();
    })));
  }

  /** The lookup as a standard client sends it: the value form-encoded once ({@code +} as {@code %2B}). */
  private Future<HttpResponse<Buffer>> lookup(String identity) {
    return hub.authorized(HttpMethod.GET,
        "/api/v1/customers?identity=" + URLEncoder.encode(identity, StandardCharsets.UTF_8)).send();
  }
}
