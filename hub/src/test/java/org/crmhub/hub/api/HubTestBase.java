package org.crmhub.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.crmhub.hub.testing.RedisPerClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One Redis per class, a fresh hub per test, and helpers to push contacts and wait for them. */
@ExtendWith(VertxExtension.class)
public abstract class HubTestBase {

  @RegisterExtension
  protected static final RedisPerClass redis = new RedisPerClass();
  protected TestHub hub;
  protected Vertx vertx;
  /** The hub's data directory (its attachment files are under {@code attachments/}). */
  protected Path dataDir;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext test) throws Exception {
    this.vertx = vertx;
    this.dataDir = TestDirectories.create("hub");
    TestHub.deploy(vertx, TestHub.config(redis.url(), dataDir))
        .onComplete(test.succeeding(deployed -> {
          hub = deployed;
          test.completeNow();
        }));
  }

  @AfterEach
  void undeploy(VertxTestContext test) {
    hub.undeploy().onComplete(test.succeedingThenComplete());
  }

  Future<HttpResponse<Buffer>> push(JsonObject contact) {
    return hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts").sendJsonObject(contact);
  }

  /** Pushes the contacts one after the other, each with its answer handed to {@code answered} before the next goes. */
  Future<Void> pushInTurn(java.util.List<JsonObject> contacts,
      java.util.function.BiConsumer<JsonObject, HttpResponse<Buffer>> answered) {
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject contact : contacts) {
      chain = chain.compose(v -> push(contact).map(response -> {
        answered.accept(contact, response);
        return null;
      }));
    }
    return chain;
  }

  /** Replaces this test's hub with one of other settings. */
  Future<Void> redeploy(org.crmhub.hub.HubConfig config) {
    return hub.undeploy().compose(v -> TestHub.deploy(vertx, config)).map(deployed -> {
      hub = deployed;
      return null;
    });
  }

  /** Pushes a contact and waits until its message is filed; returns the customer JSON. */
  Future<JsonObject> pushAndWait(JsonObject contact, String identity) {
    return push(contact).compose(accepted -> {
      String contactId = accepted.bodyAsJsonObject().getString("contactId");
      return Eventually.holds(vertx, 10_000, "contact " + contactId + " is filed",
          () -> customerOf(identity).map(customer -> customer != null && customer.getJsonObject("sentimentTrend")
              .getJsonArray("points").stream()
              .anyMatch(point -> contactId.equals(((JsonObject) point).getString("messageId")))));
    }).compose(v -> customerOf(identity));
  }

  Future<JsonObject> customerOf(String identity) {
    return hub.authorized(HttpMethod.GET, "/api/v1/customers?identity="
        + URLEncoder.encode(identity, StandardCharsets.UTF_8)).send().map(response -> {
      var items = response.bodyAsJsonObject().getJsonArray("items");
      return items.isEmpty() ? null : items.getJsonObject(0);
    });
  }

  Future<JsonObject> getJson(String path) {
    return hub.authorized(HttpMethod.GET, path).send().map(HttpResponse::bodyAsJsonObject);
  }
}
