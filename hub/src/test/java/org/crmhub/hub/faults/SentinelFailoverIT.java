package org.crmhub.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.crmhub.hub.ingest.IngestKeys;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisSentinelProcess;
import org.crmhub.hub.testing.RedisServerProcess;
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
  private final List<RedisSentinelProcess> sentinels = new ArrayList<>();
  private RedisServerProcess primary;
  private RedisServerProcess replica;
  private Redis replicaView;
  private RedisClient sentinelClient;
  private StatefulRedisSentinelConnection<String, String> sentinel;
  private TestHub hub;

  @BeforeEach
  void startPrimaryReplicaAndSentinels() throws Exception {
    Assumptions.assumeTrue(RedisServerProcess.available(), "needs Debian's redis-server (.ci/run installs it)");
    Path dir = Files.createTempDirectory("sentinel-failover");
    primary = RedisServerProcess.start(dir.resolve("primary"), false);
    replica = RedisServerProcess.startReplicaOf(dir.resolve("replica"), primary.port());
    for (int i = 0; i < 3; i++) {
      sentinels.add(RedisSentinelProcess.start(dir.resolve("sentinels"), primary.port(), 2));
    }
    replicaView = Redis.connect(vertx, replica.url()).await();
    sentinelClient = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + sentinels.get(0).port()));
    sentinel = sentinelClient.connectSentinel();
    // a failover needs the replica in sync and a majority of Sentinels that know each other
    Eventually.holds(vertx, 30_000, "the Sentinels know each other and the replica is in sync",
        () -> Future.fromCompletionStage(sentinel.async().master(RedisSentinelProcess.MASTER_NAME))
            .compose(master -> replicaView.call(c -> c.info("replication"))
                .map(info -> "2".equals(master.get("num-other-sentinels")) && "1".equals(master.get("num-slaves"))
                    && info.contains("master_link_status:up"))))
        .await();
  }

  @AfterEach
  void stopAll() {
    if (hub != null) {
      hub.undeploy().await();
    }
    if (replicaView != null) {
      replicaView.shutdown().await();
    }
    if (sentinel != null) {
      sentinel.close();
      sentinelClient.shutdown();
    }
    vertx.close().await();
    sentinels.forEach(RedisSentinelProcess::close);
    if (replica != null) {
      replica.close();
    }
    if (primary != null) {
      primary.close();
    }
  }

  @Test
  void theHubFollowsAFailoverWithoutRestarting() throws Exception {
    String sentinelUrl = "redis-sentinel://" + sentinels.stream().map(s -> "127.0.0.1:" + s.port())
        .collect(Collectors.joining(",")) + "/" + RedisSentinelProcess.MASTER_NAME;
    hub = TestHub.deploy(vertx, TestHub.config(sentinelUrl, Files.createTempDirectory("sentinel-hub"))).await();

    String before = "before-failover-" + System.nanoTime();
    assertEquals(202, post(before).statusCode());
    assertEquals("127.0.0.1:" + primary.port(), readiness().getString("redisPrimary"));
    Eventually.holds(vertx, 10_000, "the replica has the contact accepted before the failover",
        () -> replicaView.call(c -> c.exists(dedupeKey(before))).map(count -> count == 1L)).await();

    primary.kill();

    String after = "after-failover-" + System.nanoTime();
    Eventually.holds(vertx, 40_000, "the hub accepts contacts again once the replica is promoted",
        () -> hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
            .sendJsonObject(TestHub.contact(after, after + "@example.com", "hello"))
            .map(response -> response.statusCode() == 202))
        .await();
    assertEquals("127.0.0.1:" + replica.port(), readiness().getString("redisPrimary"),
        "readiness names the promoted replica");
    Map<String, String> promoted = Future.fromCompletionStage(
        sentinel.async().master(RedisSentinelProcess.MASTER_NAME)).await();
    assertEquals(Integer.toString(replica.port()), promoted.get("port"), "the Sentinels promoted the replica");
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
