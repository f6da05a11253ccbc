package org.crmhub.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.crmhub.hub.ingest.IngestKeys;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisServerProcess;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A primary, one replica and three Sentinels from Debian's redis-server; the hub connects through
 * {@code redis-sentinel://}. The primary is killed (SIGKILL), the Sentinels promote the replica,
 * and the same hub, not restarted, takes contacts again and reports the new primary as ready.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SentinelFailoverIT {

  private static final IngestKeys INGEST_KEYS = new IngestKeys(2);

  private final Vertx vertx = Vertx.vertx();
  private SentinelTopology topology;
  private TestHub hub;

  @BeforeEach
  void startPrimaryReplicaAndSentinels() throws Exception {
    Assumptions.assumeTrue(RedisServerProcess.available(), "needs Debian's redis-server (.ci/run installs it)");
    topology = SentinelTopology.start(vertx, TestDirectories.create("sentinel-failover"));
  }

  @AfterEach
  void stopAll() {
    if (hub != null) {
      hub.undeploy().await();
    }
    if (topology != null) {
      topology.close();
    }
    vertx.close().await();
  }

  @Test
  void theHubFollowsAFailoverWithoutRestarting() throws Exception {
    RedisServerProcess primary = topology.primary();
    RedisServerProcess replica = topology.replica();
    hub = TestHub.deploy(vertx, TestHub.config(topology.url(), TestDirectories.create("sentinel-hub"))).await();

    String before = "before-failover-" + System.nanoTime();
    assertEquals(202, post(before).statusCode());
    assertEquals("127.0.0.1:" + primary.port(), readiness().getString("redisPrimary"));
    Eventually.holds(vertx, 10_000, "the replica has the contact accepted before the failover",
        () -> topology.replicaView().call(c -> c.exists(dedupeKey(before))).map(count -> count == 1L)).await();

    primary.kill();

    String after = "after-failover-" + System.nanoTime();
    Eventually.holds(vertx, 40_000, "the hub accepts contacts again once the replica is promoted",
        () -> hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
            .sendJsonObject(TestHub.contact(after, after + "@example.com", "hello"))
            .map(response -> response.statusCode() == 202))
        .await();
    assertEquals("127.0.0.1:" + replica.port(), readiness().getString("redisPrimary"),
        "readiness names the promoted replica");
    assertEquals(replica.port(), topology.primaryPortNamedBySentinels().await().intValue(),
        "the Sentinels promoted the replica");
    HttpResponse<Buffer> repeated = post(before);
    assertEquals(202, repeated.statusCode());
    assertEquals(true, repeated.bodyAsJsonObject().getBoolean("duplicate"),
        "the contact accepted before the failover is known to the new primary");
  }

  private HttpResponse<Buffer> post(String externalId) {
    return hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
        .sendJsonObject(TestHub.contact(externalId, externalId + "@example.com", "hello"))
        .await();
  }

  private JsonObject readiness() {
    return hub.request(HttpMethod.GET, "/health/ready").send().await().bodyAsJsonObject();
  }

  private static String dedupeKey(String externalId) {
    return INGEST_KEYS.dedupe(INGEST_KEYS.partitionOf("api", externalId), "api", externalId);
  }
}
