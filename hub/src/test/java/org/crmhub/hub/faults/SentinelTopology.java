package org.crmhub.hub.faults;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisSentinelProcess;
import org.crmhub.hub.testing.RedisServerProcess;

/**
 * A primary, one replica and three Sentinels (quorum two) from Debian's redis-server, started and
 * waited for until a failover could happen: the replica in sync and every Sentinel knowing the
 * other two and the replica. Fault tests kill, freeze and restart its processes.
 */
final class SentinelTopology extends ReplicatedPrimary {

  private static final int SENTINELS = 3;
  private static final int QUORUM = 2;
  private static final long READY_TIMEOUT_MS = 30_000;

  private final List<RedisSentinelProcess> sentinels;
  private final RedisClient sentinelClient;
  private final StatefulRedisSentinelConnection<String, String> sentinel;

  private SentinelTopology(RedisServerProcess primary, RedisServerProcess replica, List<RedisSentinelProcess> sentinels,
      Redis replicaView, RedisClient sentinelClient, StatefulRedisSentinelConnection<String, String> sentinel) {
    super(primary, replica, replicaView);
    this.sentinels = sentinels;
    this.sentinelClient = sentinelClient;
    this.sentinel = sentinel;
  }

  /** Starts everything under {@code dir} and returns once a failover could happen; blocks the caller. */
  static SentinelTopology start(Vertx vertx, Path dir) throws IOException {
    List<AutoCloseable> started = new ArrayList<>();
    try {
      RedisServerProcess primary = RedisServerProcess.start(dir.resolve("primary"), false);
      started.add(primary);
      RedisServerProcess replica = RedisServerProcess.startReplicaOf(dir.resolve("replica"), primary.port());
      started.add(replica);
      List<RedisSentinelProcess> sentinels = new ArrayList<>();
      for (int i = 0; i < SENTINELS; i++) {
        RedisSentinelProcess sentinel = RedisSentinelProcess.start(dir.resolve("sentinels"), primary.port(), QUORUM);
        started.add(sentinel);
        sentinels.add(sentinel);
      }
      Redis replicaView = Redis.connect(vertx, replica.url()).await();
      started.add(() -> replicaView.shutdown().await());
      RedisClient sentinelClient = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + sentinels.get(0).port()));
      started.add(sentinelClient::shutdown);
      StatefulRedisSentinelConnection<String, String> sentinel = sentinelClient.connectSentinel();
      SentinelTopology topology = new SentinelTopology(primary, replica, List.copyOf(sentinels), replicaView,
          sentinelClient, sentinel);
      topology.awaitFailoverPossible(vertx);
      return topology;
    } catch (Throwable e) {
      // a failed wait throws an AssertionError: stop what was started whatever failed, views
      // before the servers they watch
      for (int i = started.size() - 1; i >= 0; i--) {
        try {
          started.get(i).close();
        } catch (Exception closing) {
          e.addSuppressed(closing);
        }
      }
      throw e;
    }
  }

  /** {@code redis-sentinel://} with every Sentinel, as a hub's {@code REDIS_URL}. */
  @Override
  String url() {
    return "redis-sentinel://" + sentinels.stream().map(s -> "127.0.0.1:" + s.port())
        .collect(Collectors.joining(",")) + "/" + RedisSentinelProcess.MASTER_NAME;
  }




  /** The port of the server the Sentinels currently name as the primary. */
  Future<Integer> primaryPortNamedBySentinels() {
    return Future.fromCompletionStage(sentinel.async().master(RedisSentinelProcess.MASTER_NAME))
        .map(master -> Integer.parseInt(master.get("port")));
  }

  /** Waits until the Sentinels name the replica as the primary. */
  @Override
  Future<Void> replicaPromoted(Vertx vertx, long timeoutMs) {
    return Eventually.holds(vertx, timeoutMs, "the Sentinels promote the replica",
        () -> primaryPortNamedBySentinels().map(port -> port == replica().port()));
  }

  // a failover needs the replica in sync and a majority of Sentinels that know each other
  private void awaitFailoverPossible(Vertx vertx) {
    Eventually.holds(vertx, READY_TIMEOUT_MS, "the Sentinels know each other and the replica is in sync",
        () -> Future.fromCompletionStage(sentinel.async().master(RedisSentinelProcess.MASTER_NAME))
            .compose(master -> replicaView().call(c -> c.info("replication"))
                .map(info -> Integer.toString(SENTINELS - 1).equals(master.get("num-other-sentinels"))
                    && "1".equals(master.get("num-slaves"))
                    && info.contains("master_link_status:up"))))
        .await();
  }

  /** Closes the views, then stops every process (a frozen one is continued first). */
  @Override
  public void close() {
    replicaView().shutdown().await();
    sentinel.close();
    sentinelClient.shutdown();
    sentinels.forEach(RedisSentinelProcess::close);
    replica().close();
    primary().close();
  }
}
