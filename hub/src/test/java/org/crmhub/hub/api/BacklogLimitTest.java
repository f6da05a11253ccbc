package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.crmhub.hub.HubConfig;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.PrometheusText;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/**
 * Backpressure: when contacts arrive faster than they are filed and the backlog reaches its limit,
 * a new contact gets 503 with Retry-After (nothing stored, the sender retries), a repeat of an
 * accepted one is still answered, readiness and /metrics say so, and once the backlog drains the
 * refused contacts are taken.
 */
class BacklogLimitTest extends HubTestBase {

  private static final long LIMIT = 4;
  /** Enough that both partitions fill (all but one in the same partition: odds of 25 in 16 million). */
  private static final int SENT = 24;

  @Test
  void aFullBacklogRefusesNewContactsWithRetryAfterUntilItDrains(VertxTestContext test) throws Exception {
    Path dir = TestDirectories.create("backlog");
    HubConfig acceptOnly = TestHub.config(redis.url(), dir).withConsumeIngest(false).withMaxBacklog(LIMIT);
    String tag = UUID.randomUUID().toString().substring(0, 8);
    List<JsonObject> contacts = new ArrayList<>();
    for (int i = 0; i < SENT; i++) {
      contacts.add(TestHub.contact("backlog-" + tag + "-" + i, "backlog-" + tag + "-" + i + "@example.com",
          "message " + i));
    }
    List<JsonObject> accepted = new ArrayList<>();
    List<JsonObject> refused = new ArrayList<>();
    List<HttpResponse<Buffer>> refusals = new ArrayList<>();
    // one after the other, so what is refused is decided by the backlog alone
    redeploy(acceptOnly)
        .compose(v -> pushInTurn(contacts, (contact, response) -> {
          if (response.statusCode() == 202) {
            accepted.add(contact);
          } else {
            refused.add(contact);
            refusals.add(response);
          }
        }))
        .compose(v -> {
          test.verify(() -> {
            // the limit is split over the two partitions, two each
            assertEquals(LIMIT, accepted.size());
            assertEquals(SENT - accepted.size(), refused.size());
            for (HttpResponse<Buffer> refusal : refusals) {
              assertProblem(refusal, 503);
              assertEquals("5", refusal.getHeader("Retry-After"));
              assertTrue(refusal.bodyAsJsonObject().getString("detail").contains("nothing was stored"));
            }
          });
          return push(accepted.get(0));
        })
        .compose(repeat -> {
          test.verify(() -> {
            assertEquals(202, repeat.statusCode(), "a repeat of an accepted contact is answered");
            assertTrue(repeat.bodyAsJsonObject().getBoolean("duplicate"));
          });
          return hub.request(HttpMethod.GET, "/health/ready").send();
        })
        .compose(ready -> {
          JsonObject backlog = ready.bodyAsJsonObject().getJsonObject("backlog");
          test.verify(() -> {
            assertEquals(200, ready.statusCode(), "reads still served: " + ready.bodyAsString());
            assertEquals((long) accepted.size(), backlog.getLong("waiting"));
            assertEquals(LIMIT, backlog.getLong("limit"));
            assertFalse(backlog.getBoolean("accepting"));
          });
          return hub.request(HttpMethod.GET, "/metrics").send()
              .compose(response -> vertx.executeBlocking(() -> PrometheusText.parse(response.bodyAsString())));
        })
        .compose(metrics -> {
          test.verify(() -> {
            assertEquals((double) refused.size(),
                metrics.value("crmhub_contacts_refused_backlog_total", Map.of("channel", "api")));
            assertEquals((double) LIMIT, metrics.value("crmhub_ingest_backlog_limit", Map.of()));
            assertTrue(hub.contractViolations().isEmpty(), hub.contractViolations().toString());
          });
          // a hub that files contacts drains the backlog; the senders' retries then get in
          return hub.undeploy().compose(v -> TestHub.deploy(vertx, acceptOnly.withConsumeIngest(true)));
        })
        .compose(consuming -> {
          hub = consuming;
          List<JsonObject> waiting = new ArrayList<>(refused);
          return Eventually.holds(vertx, 20_000, "every refused contact is taken on a retry", () -> {
            if (waiting.isEmpty()) {
              return Future.succeededFuture(true);
            }
            JsonObject next = waiting.get(0);
            return push(next).map(response -> {
              if (response.statusCode() == 202) {
                waiting.remove(0);
              }
              return waiting.isEmpty();
            });
          });
        })
        .compose(v -> Eventually.holds(vertx, 20_000, "all " + SENT + " contacts are filed", () -> {
          List<Future<JsonObject>> customers = contacts.stream()
              .map(contact -> customerOf("email:" + contact.getJsonObject("from").getString("email")))
              .toList();
          return Future.all(customers).map(all -> customers.stream().allMatch(c -> c.result() != null));
        }))
        .compose(v -> hub.request(HttpMethod.GET, "/health/ready").send())
        .onComplete(test.succeeding(ready -> test.verify(() -> {
          JsonObject backlog = ready.bodyAsJsonObject().getJsonObject("backlog");
          assertEquals(0L, backlog.getLong("waiting"));
          assertFalse(refused.isEmpty(), "the test made the backlog overflow");
          test.completeNow();
        })));
  }
}
