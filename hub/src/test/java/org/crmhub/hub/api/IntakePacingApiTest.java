package org.crmhub.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.crmhub.hub.HubConfig;
import org.crmhub.hub.ingest.IngestKeys;
import org.crmhub.hub.ingest.IntakeSettings;
import org.crmhub.hub.testing.PrometheusText;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/**
 * Intake pacing through the API: while contacts pile up unfiled, answers to new ones are held back
 * by how far each one's partition is over its share of the threshold, and every one is still
 * accepted; a repeat is answered at once. What was held back, and for how long, shows in /metrics.
 */
class IntakePacingApiTest extends HubTestBase {

  /** Two per partition: the hub has two. */
  private static final long PACE_ABOVE = 4;
  private static final int PARTITIONS = 2;
  private static final long MAX_DELAY_MS = 40;
  private static final int SENT = 16;

  @Test
  void aGrowingBacklogSlowsAnswersAndRefusesNothing(VertxTestContext test) throws Exception {
    HubConfig acceptOnly = TestHub.config(redis.url(), TestDirectories.create("pacing")).withConsumeIngest(false)
        .withIntake(new IntakeSettings(0, PACE_ABOVE, Duration.ofMillis(MAX_DELAY_MS)));
    String tag = UUID.randomUUID().toString().substring(0, 8);
    IngestKeys keys = new IngestKeys(PARTITIONS);
    List<JsonObject> contacts = new ArrayList<>();
    long[] waiting = new long[PARTITIONS];
    long expectedPaced = 0;
    long expectedDelayMs = 0;
    long perPartition = PACE_ABOVE / PARTITIONS;
    for (int i = 0; i < SENT; i++) {
      String externalId = "pacing-" + tag + "-" + i;
      contacts.add(TestHub.contact(externalId, externalId + "@example.com", "message " + i));
      long backlog = ++waiting[keys.partitionOf("api", externalId)];
      if (backlog > perPartition) {
        expectedPaced++;
        expectedDelayMs += Math.min(MAX_DELAY_MS, (backlog - perPartition) * MAX_DELAY_MS / perPartition);
      }
    }
    long paced = expectedPaced;
    long delayMs = expectedDelayMs;
    // one after the other: each finds exactly the contacts before it waiting
    redeploy(acceptOnly)
        .compose(v -> pushInTurn(contacts, (contact, response) -> test.verify(
            () -> assertEquals(202, response.statusCode(), response.bodyAsString()))))
        .compose(v -> push(contacts.get(SENT - 1)))
        .compose(repeat -> {
          test.verify(() -> assertTrue(repeat.bodyAsJsonObject().getBoolean("duplicate")));
          return hub.request(HttpMethod.GET, "/metrics").send()
              .compose(response -> vertx.executeBlocking(() -> PrometheusText.parse(response.bodyAsString())));
        })
        .onComplete(test.succeeding(metrics -> test.verify(() -> {
          assertTrue(paced > 0 && paced < SENT, "the test paces some answers, not all: " + paced);
          assertEquals((double) paced, metrics.value("crmhub_contacts_paced_seconds_count", Map.of("channel", "api")));
          assertEquals(delayMs / 1000.0, metrics.value("crmhub_contacts_paced_seconds_sum", Map.of("channel", "api")),
              1e-9);
          assertEquals((double) SENT, metrics.value("crmhub_contacts_accepted_total", Map.of("channel", "api")));
          assertTrue(hub.contractViolations().isEmpty(), hub.contractViolations().toString());
          test.completeNow();
        })));
  }
}
