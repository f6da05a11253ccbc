package org.crmhub.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.crmhub.hub.ingest.IngestKeys;
import org.crmhub.hub.ingest.ReplicaAcks;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisServerProcess;
import org.crmhub.hub.testing.Signals;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replica acknowledgements against Debian's redis-server, a primary and one replica: a contact is
 * answered 202 only once the replica has it; with the replica frozen the accept answers 503 after
 * the acknowledgement timeout, on every hub (also one whose own connection never wrote the
 * contact), and the provider's retry after the replica is back is a duplicate that the replica has.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplicaAcksIT {

  private static final Duration ACK_TIMEOUT = Duration.ofMillis(1_000);
  /** The hub's ingest partitions (HubStorage), for the dedupe key a contact leaves. */
  private static final IngestKeys INGEST_KEYS = new IngestKeys(2);

  private final Vertx vertx = Vertx.vertx();
  private final List<TestHub> hubs = new ArrayList<>();
  private RedisServerProcess primary;
  private RedisServerProcess replica;
  private Redis replicaView;

  @BeforeEach
  void startPrimaryAndReplica() throws Exception {
    Assumptions.assumeTrue(RedisServerProcess.available(), "needs Debian's redis-server (.ci/run installs it)");
    Path dir = Files.createTempDirectory("replica-acks");
    primary = RedisServerProcess.start(dir.resolve("primary"), false);
    replica = RedisServerProcess.startReplicaOf(dir.resolve("replica"), primary.port());
    replicaView = Redis.connect(vertx, replica.url()).await();
    Eventually.holds(vertx, 20_000, "the replica is in sync with the primary",
        () -> replicaView.call(c -> c.info("replication")).map(info -> info.contains("master_link_status:up")))
        .await();
  }

  @AfterEach
  void stopAll() {
    for (TestHub hub : hubs) {
      hub.undeploy().await();
    }
    if (replicaView != null) {
      replicaView.shutdown().await();
    }
    vertx.close().await();
    if (replica != null) {
      replica.close();
    }
    if (primary != null) {
      primary.close();
    }
  }

  @Test
  void aContactIsAnsweredOnlyOnceTheReplicaHasItAndRetriedUntilItHas() throws Exception {
    TestHub first = deployHub();
    TestHub second = deployHub();
    String confirmed = "replicated-" + System.nanoTime();

    HttpResponse<Buffer> accepted = post(first, confirmed);
    assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
    assertEquals(1L, replicaView.call(c -> c.exists(dedupeKey(confirmed))).await(),
        "the replica has the contact when the hub answers 202");

    Signals.send("STOP", replica.pid());
    String unconfirmed = "unreplicated-" + System.nanoTime();
    long startedAt = System.nanoTime();
    HttpResponse<Buffer> refused = post(first, unconfirmed);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
    assertEquals(503, refused.statusCode(), refused.bodyAsString());
    assertEquals("1", refused.getHeader("Retry-After"));
    assertTrue(tookMs >= ACK_TIMEOUT.toMillis() - 100 && tookMs < ACK_TIMEOUT.toMillis() + 1_500,
        "refused after waiting about the acknowledgement timeout, took " + tookMs + " ms");

    // the primary has it now: a retry on another hub, whose connection never wrote it, is a
    // duplicate there, yet must still wait for the replica rather than answer at once
    HttpResponse<Buffer> retriedWhileFrozen = post(second, unconfirmed);
    assertEquals(503, retriedWhileFrozen.statusCode(), retriedWhileFrozen.bodyAsString());

    Signals.send("CONT", replica.pid());
    Eventually.holds(vertx, 20_000, "the provider's retry is acknowledged once the replica is back",
        () -> second.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
            .sendJsonObject(TestHub.contact(unconfirmed, unconfirmed + "@example.com", "hello"))
            .map(retry -> {
              if (retry.statusCode() == 202) {
                assertTrue(retry.bodyAsJsonObject().getBoolean("duplicate"), "the retry is the stored contact");
                return true;
              }
              assertEquals(503, retry.statusCode(), retry.bodyAsString());
              return false;
            }))
        .await();
    assertEquals(1L, replicaView.call(c -> c.exists(dedupeKey(unconfirmed))).await(),
        "the replica has the retried contact when the hub answers 202");
  }

  private TestHub deployHub() throws Exception {
    Path data = Files.createTempDirectory("replica-acks-hub");
    TestHub hub = TestHub.deploy(vertx, TestHub.config(primary.url(), data)
        .withReplicaAcks(new ReplicaAcks(1, ACK_TIMEOUT))).await();
    hubs.add(hub);
    return hub;
  }

  private static HttpResponse<Buffer> post(TestHub hub, String externalId) {
    return hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
        .sendJsonObject(TestHub.contact(externalId, externalId + "@example.com", "hello"))
        .await();
  }

  private static String dedupeKey(String externalId) {
    return INGEST_KEYS.dedupe(INGEST_KEYS.partitionOf("api", externalId), "api", externalId);
  }
}
