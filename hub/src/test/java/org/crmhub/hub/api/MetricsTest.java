package org.crmhub.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.PrometheusText;
import org.crmhub.hub.testing.TestHub;
import org.crmhub.hub.testing.WebhookReceiver;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** /metrics as Prometheus reads it: parsed by the Prometheus client's own parser. */
class MetricsTest extends HubTestBase {

  private Future<PrometheusText> scrape() {
    return hub.request(HttpMethod.GET, "/metrics").send()
        .compose(response -> vertx.executeBlocking(() -> PrometheusText.parse(response.bodyAsString())));
  }

  /** A call.started from an IVR system, signed with the official Standard Webhooks library. */
  private Future<HttpResponse<Buffer>> ivrCall(String callId, String from) {
    String id = "evt_" + UUID.randomUUID();
    long timestamp = System.currentTimeMillis() / 1000;
    String body = new JsonObject().put("type", "call.started").put("callId", callId).put("from", from).encode();
    return hub.request(HttpMethod.POST, "/webhooks/ivr/events")
        .putHeader("Content-Type", "application/json")
        .putHeader("webhook-id", id)
        .putHeader("webhook-timestamp", Long.toString(timestamp))
        .putHeader("webhook-signature", signature(id, timestamp, body))
        .sendBuffer(Buffer.buffer(body));
  }

  private static String signature(String id, long timestamp, String body) {
    try {
      return new Webhook(TestHub.IVR_EVENTS_SECRET).sign(id, timestamp, body);
    } catch (Exception unsignable) {
      throw new IllegalStateException(unsignable);
    }
  }

  @Test
  // the wait below must end before the test does, or its message (what the metrics showed) is lost
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void contactsFromEveryChannelRequestsWebhooksAndTheEventLoopAreMeasured(VertxTestContext test) throws Exception {
    Assumptions.assumeTrue(PrometheusText.available(), PrometheusText.MISSING);
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String from = "+49307" + (100000 + (int) (Math.random() * 800000));
    java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>("nothing");
    WebhookReceiver.start(vertx).compose(receiver -> hub.authorized(HttpMethod.POST, "/api/v1/webhooks")
            .sendJsonObject(new JsonObject().put("url", receiver.url()).put("events", new JsonArray().add("message.created")))
            .compose(subscribed -> {
              receiver.trustSecret(subscribed.bodyAsJsonObject().getString("secret"));
              // both only once the subscription exists: a webhook gets no event older than its subscription, and
              // a call sent before it (as this test did) can be filed first on a loaded machine, never delivered
              return Future.all(push(TestHub.contact("m-" + tag, "m-" + tag + "@example.com", "count me")),
                  ivrCall("call-" + tag, from));
            })
            .compose(accepted -> Eventually.holds(vertx, 45_000, "both contacts are processed and delivered",
                    () -> scrape().map(metrics -> {
                      seen.set("processed " + metrics.samples("crmhub_contacts_processed_total", Map.of())
                          + ", attempts " + metrics.samples("crmhub_webhook_attempts_seconds_count", Map.of()));
                      return metrics.value("crmhub_contacts_processed_total", Map.of()) >= 2
                          && metrics.value("crmhub_webhook_attempts_seconds_count", Map.of("outcome", "succeeded")) >= 2;
                    }))
                .recover(timedOut -> Future.failedFuture(new AssertionError(timedOut.getMessage() + "; last seen: "
                    + seen.get() + "; webhook requests received: " + receiver.received().size()))))
            .compose(v -> hub.authorized(HttpMethod.GET, "/api/v1/conversations?limit=1").send())
            .compose(page -> hub.authorized(HttpMethod.GET, "/api/v1/conversations/"
                + page.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id")).send())
            .compose(v -> hub.request(HttpMethod.GET, "/no/such/" + tag).send())
            .compose(v -> scrape())
            .map(metrics -> {
              test.verify(() -> {
                String requests = metrics.samples("crmhub_http_server_requests_seconds_count", Map.of()).toString();
                assertEquals(1.0, metrics.value("crmhub_contacts_accepted_total", Map.of("channel", "api")));
                assertEquals(1.0, metrics.value("crmhub_contacts_accepted_total", Map.of("channel", "phone")),
                    "contacts from a channel's webhook count as accepted too");
                assertEquals(0.0, metrics.value("crmhub_contacts_accepted_total", Map.of("channel", "x")));
                // at least once: the test hub reclaims a contact after 400 ms, so a slow machine may process one twice
                assertTrue(metrics.value("crmhub_contacts_processed_total", Map.of("channel", "phone")) >= 1);
                assertTrue(metrics.value("crmhub_contact_accept_to_visible_seconds_count", Map.of()) >= 2);
                assertEquals("histogram", metrics.type("crmhub_contact_accept_to_visible_seconds"));
                assertEquals("histogram", metrics.type("crmhub_http_server_requests_seconds"));
                assertEquals(1.0, metrics.value("crmhub_http_server_requests_seconds_count",
                    Map.of("method", "POST", "route", "/api/v1/inbound/contacts", "status", "202")), requests);
                assertEquals(1.0, metrics.value("crmhub_http_server_requests_seconds_count",
                    Map.of("method", "GET", "route", "/api/v1/conversations/{conversationId}", "status", "200")), requests);
                assertEquals(1.0, metrics.value("crmhub_http_server_requests_seconds_count",
                    Map.of("method", "GET", "route", "unmatched", "status", "404")), requests);
                assertEquals(1.0, metrics.value("crmhub_http_server_requests_seconds_count",
                    Map.of("method", "POST", "route", "/webhooks/ivr/events", "status", "202")), requests);
                assertFalse(metrics.samples("crmhub_http_server_requests_seconds_count", Map.of()).stream()
                        .anyMatch(s -> s.getJsonObject("labels").getString("route").contains(tag)
                            || s.getJsonObject("labels").getString("route").matches(".*/cv_.*")),
                    "route labels are templates, never raw paths");
                assertTrue(metrics.value("crmhub_webhook_attempts_seconds_count", Map.of("outcome", "succeeded")) >= 2);
                assertTrue(metrics.value("crmhub_event_loop_delay_seconds_count", Map.of()) >= 1);
                assertEquals("gauge", metrics.type("crmhub_ingest_consumer_lag_seconds"));
                assertEquals(0.0, metrics.value("crmhub_ingest_backlog", Map.of()));
                assertNotEquals(-1.0, metrics.value("crmhub_ingest_consumer_lag_seconds", Map.of()));
                // Prometheus naming: counters end in _total, histograms carry their base unit
                metrics.families().forEach(family -> {
                  String name = family.getString("name");
                  assertTrue(name.startsWith("crmhub_"), name);
                  if ("histogram".equals(family.getString("type"))) {
                    assertTrue(name.endsWith("_seconds"), name);
                  }
                  if ("counter".equals(family.getString("type"))) {
                    assertTrue(family.getJsonArray("samples").stream().map(JsonObject.class::cast)
                        .allMatch(s -> s.getString("name").endsWith("_total") || s.getString("name").endsWith("_created")), name);
                  }
                });
              });
              return receiver;
            })
            .compose(WebhookReceiver::stop))
        .onComplete(test.succeedingThenComplete());
  }
}
