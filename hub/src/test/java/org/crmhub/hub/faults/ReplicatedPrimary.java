package org.crmhub.hub.faults;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.RedisServerProcess;

/**
 * A primary and a replica that takes over when it dies, whatever decides that (Sentinels, the
 * cluster's own vote): what {@link LaggingReplicaFailover} freezes, kills and waits for.
 */
abstract class ReplicatedPrimary implements AutoCloseable {

  private final RedisServerProcess primary;
  private final RedisServerProcess replica;
  private final Redis replicaView;

  /** @param replicaView a direct connection to the replica, closed by {@link #close()} */
  ReplicatedPrimary(RedisServerProcess primary, RedisServerProcess replica, Redis replicaView) {
    this.primary = primary;
    this.replica = replica;
    this.replicaView = replicaView;
  }

  /** The hubs' {@code REDIS_URL}. */
  abstract String url();

  /** Completes once the replica serves as the primary, to clients that ask where the primary is. */
  abstract Future<Void> replicaPromoted(Vertx vertx, long timeoutMs);

  /** Closes the views, then stops every process (a frozen one is continued first). */
  @Override
  public abstract void close();

  final RedisServerProcess primary() {
    return primary;
  }

  final RedisServerProcess replica() {
    return replica;
  }

  /** A direct connection to the replica (after a failover: to the promoted primary). */
  final Redis replicaView() {
    return replicaView;
  }
}
