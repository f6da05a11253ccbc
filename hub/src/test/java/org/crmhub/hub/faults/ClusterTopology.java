package org.crmhub.hub.faults;

import io.lettuce.core.cluster.SlotHash;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.ingest.IngestKeys;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.ClusterNodes;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisClusterProcesses;
import org.crmhub.hub.testing.RedisServerProcess;

/**
 * A Redis Cluster of three primaries with one replica each, and in it the primary a fault test
 * kills: the one serving the domain events stream (written for every contact filed, wherever the
 * contact came in) and a third of the customers and conversations, to which the first ingest
 * partition's slot is moved. So its failover puts at stake both accepted contacts and their
 * consumer group's deliveries and acknowledgements, and records filed from contacts whose ingest
 * entries live on another shard.
 */
final class ClusterTopology extends ReplicatedPrimary {

  private final RedisClusterProcesses cluster;

  private ClusterTopology(RedisClusterProcesses cluster, RedisServerProcess primary, RedisServerProcess replica,
      Redis replicaView) {
    super(primary, replica, replicaView);
    this.cluster = cluster;
  }

  /** Starts the cluster under {@code dir} and returns once every replica is in sync; blocks the caller. */
  static ClusterTopology start(Vertx vertx, Path dir) throws IOException, InterruptedException {
    RedisClusterProcesses cluster = RedisClusterProcesses.start(dir, 1);
    try {
      ClusterNodes.Node doomed = cluster.layout().primaryOf(SlotHash.getSlot(DomainEvents.STREAM));
      cluster.moveEmptySlot(SlotHash.getSlot(new IngestKeys(1).stream(0)), doomed);
      RedisServerProcess replica = cluster.node(cluster.layout().replicaOf(doomed).port());
      Redis replicaView = Redis.connect(vertx, replica.url()).await();
      return new ClusterTopology(cluster, cluster.node(doomed.port()), replica, replicaView);
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** {@code redis-cluster://} with every node as a seed, as a hub's {@code REDIS_URL}. */
  @Override
  String url() {
    return cluster.url();
  }




  /** Waits until the replica took its primary's slots over and the cluster serves every slot again. */
  @Override
  Future<Void> replicaPromoted(Vertx vertx, long timeoutMs) {
    return Eventually.holds(vertx, timeoutMs, "the cluster promotes the replica",
        () -> replicaView().call(c -> c.info("replication"))
            .compose(replication -> replicaView().call(c -> c.clusterInfo())
                .map(state -> replication.contains("role:master") && state.contains("cluster_state:ok")))
            // the replica answers nothing while it is busy loading or still frozen: not yet
            .otherwise(false));
  }

  /** Closes the view, then stops every node (a frozen one is continued first). */
  @Override
  public void close() {
    replicaView().shutdown().await();
    cluster.close();
  }
}
