package org.crmhub.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.crmhub.hub.testing.TestMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged hub with its embedded Redis, stopped with SIGTERM and started again on the same
 * data: the stopped hub gave its mailbox lease up, so the new one reads mail at once instead of
 * waiting the lease out, and readiness says, per mailbox, whether and where it is read.
 */
@ExtendWith(VertxExtension.class)
class GracefulRestartIT {

  /** Far longer than a restart takes: reading within it means the lease was given up. */
  private static final int LEASE_SECONDS = 90;
  private static final long READ_AGAIN_WITHIN_MS = 30_000;

  private TestMail mail;
  private volatile HubProcess hub;

  @AfterEach
  void stopAll() throws Exception {
    if (hub != null) {
      hub.close();
    }
    if (mail != null) {
      mail.close();
    }
  }

  @Test
  @Timeout(value = 4, timeUnit = TimeUnit.MINUTES)
  void aHubStoppedWithSigtermGivesItsMailboxUpAndTheNextReadsAtOnce(Vertx vertx, VertxTestContext test)
      throws Exception {
    mail = TestMail.start();
    String address = mail.newMailbox("restart");
    Path dir = TestDirectories.create("graceful-restart");
    Path channels = dir.resolve("channels.json");
    Files.writeString(channels, new JsonObject().put("channels", new JsonObject().put("email",
        mail.emailSection(address, new JsonObject().put("leaseSeconds", LEASE_SECONDS)))).encode());
    Map<String, String> env = Map.of("CRMHUB_CONFIG", channels.toString(),
        "CRMHUB_DATA_DIR", dir.resolve("data").toString());
    String source = "email:" + address;
    WebClient client = WebClient.create(vertx);
    hub = HubProcess.start(null, env);
    String firstHub = hub.hubId();
    Eventually.holds(vertx, 30_000, "the first hub reads the mailbox", () -> mailbox(client, source)
            .map(state -> "reading".equals(state.getString("state"))))
        .compose(v -> vertx.executeBlocking(() -> {
          assertTrue(hub.terminate(), "the hub ends on SIGTERM");
          mail.send(mail.mail("ann-restart@customer.example.org", address, "after the restart", "are you there?"));
          hub = HubProcess.start(null, env);
          return hub.hubId();
        }))
        .compose(secondHub -> Eventually.holds(vertx, READ_AGAIN_WITHIN_MS,
            "the restarted hub reads the mailbox within " + READ_AGAIN_WITHIN_MS + " ms (lease " + LEASE_SECONDS + " s)",
            () -> mailbox(client, source).map(state -> "reading".equals(state.getString("state"))))
            .compose(v -> Eventually.holds(vertx, 15_000, "the mail sent meanwhile is filed",
                () -> messages(client, "email:ann-restart@customer.example.org").map(count -> count == 1)))
            .compose(v -> mailbox(client, source))
            .onComplete(test.succeeding(state -> test.verify(() -> {
              assertEquals(true, state.getBoolean("reading"), state.encode());
              assertTrue(!secondHub.equals(firstHub));
              test.completeNow();
            }))));
  }

  /** The mailbox's entry in the hub's readiness report; empty while the hub does not answer. */
  private Future<JsonObject> mailbox(WebClient client, String source) {
    return client.get(hub.port(), "127.0.0.1", "/health/ready").timeout(2_000).send()
        .map(response -> {
          JsonObject body = response.bodyAsJsonObject();
          JsonObject sources = body == null ? null : body.getJsonObject("sources");
          return sources == null ? new JsonObject() : sources.getJsonObject(source, new JsonObject());
        })
        .otherwise(new JsonObject());
  }

  /** Messages filed for a customer identity, over all their conversations. */
  private Future<Integer> messages(WebClient client, String identity) {
    return client.get(hub.port(), "127.0.0.1", "/api/v1/customers")
        .addQueryParam("identity", identity)
        .putHeader("Authorization", "Bearer " + TestHub.API_KEY)
        .timeout(2_000).send()
        .map(response -> {
          if (response.statusCode() != 200) {
            return 0;
          }
          JsonObject body = response.bodyAsJsonObject();
          return body.getJsonArray("items").stream()
              .flatMap(customer -> ((JsonObject) customer).getJsonArray("conversations", new io.vertx.core.json.JsonArray()).stream())
              .mapToInt(conversation -> ((JsonObject) conversation).getInteger("messageCount", 0)).sum();
        })
        .otherwise(0);
  }
}
