package org.crmhub.hub.faults;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.RedisServerProcess;

/**
 * A primary and a replica that takes over when it dies, whatever decides that (Sentinels, the
 * cluster's own vote): what {@link LaggingReplicaFailover} freezes, kills and waits for.
 */
interface ReplicatedPrimary extends AutoCloseable {

  /** The hubs' {@code REDIS_URL}. */
  String url();

  RedisServerProcess primary();

  RedisServerProcess replica();

  /** A direct connection to the replica (after a failover: to the promoted primary). */
  Redis replicaView();

  /** Completes once the replica serves as the primary, to clients that ask where the primary is. */
  Future<Void> replicaPromoted(Vertx vertx, long timeoutMs);

  /** Closes the views, then stops every process (a frozen one is continued first). */
  @Override
  void close();
}
