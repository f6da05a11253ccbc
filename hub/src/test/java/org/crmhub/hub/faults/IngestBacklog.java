package org.crmhub.hub.faults;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.crmhub.hub.testing.Eventually;

/**
 * Waits, through a hub's readiness, until no accepted contact is left to file. An entry leaves the
 * ingest streams only once it is filed (or buried as a dead letter), and entries a dead consumer
 * held stay in them until another takes them over, so an empty backlog after a burst means the
 * inbox is final. Unlike waiting for the inbox to hold every acknowledged contact, this also ends
 * when some were lost.
 */
final class IngestBacklog {

  private IngestBacklog() {}

  static Future<Void> drained(Vertx vertx, int hubPort, long timeoutMs) {
    WebClient client = WebClient.create(vertx);
    return Eventually.holds(vertx, timeoutMs, "the hubs filed every accepted contact (ingest backlog empty)",
            () -> client.get(hubPort, "127.0.0.1", "/health/ready").timeout(5_000).send()
                .map(response -> {
                  // the backlog is left out when Redis did not answer for it
                  JsonObject backlog = response.bodyAsJsonObject().getJsonObject("backlog");
                  return backlog != null && backlog.getLong("waiting") == 0L;
                }))
        .eventually(() -> {
          client.close();
          return Future.succeededFuture();
        });
  }
}
