package org.crmhub.hub.privacy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.crmhub.hub.async.Polling;
import org.crmhub.hub.redis.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Redis rewrite what it keeps on disk after an erasure, so deleted data does not live on in
 * its files: the append-only file still holds every write ever made until it is rewritten from
 * what is there now, and an RDB snapshot holds what was there when it was taken. On each server
 * (every node of a cluster): an AOF rewrite where AOF is on, a new snapshot where snapshots are
 * configured. A rewrite already under way began before the erasure's deletions, so this waits for
 * it to end and asks for another. Replicas behind Sentinel and backups are the operator's part
 * (README, "Privacy").
 */
final class DiskCompaction {

  private static final Logger LOG = LoggerFactory.getLogger(DiskCompaction.class);
  private static final long POLL_MS = 200;
  /** How long a rewrite already running is waited for before giving up on this server. */
  private static final long WAIT_MS = 90_000;

  private final Vertx vertx;
  private final Redis redis;

  DiskCompaction(Vertx vertx, Redis redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  /** Asks every server to rewrite its files; completes when each has started (or been skipped). */
  Future<Void> rewrite() {
    return redis.everyServer()
        .compose(servers -> Future.join(servers.stream().map(this::rewrite).toList()))
        .mapEmpty();
  }

  private Future<Void> rewrite(Redis server) {
    return warnOfStreamNodes(server).compose(v -> server.call(c -> c.info("persistence"))).compose(info -> {
      Future<Void> aof = "1".equals(field(info, "aof_enabled"))
          ? afterRunning(server, "aof_rewrite_in_progress")
              .compose(v -> server.call(c -> c.bgrewriteaof())).mapEmpty()
          : Future.succeededFuture();
      // one background write at a time: the snapshot after the rewrite is done
      return aof.compose(v -> server.call(c -> c.configGet("save"))
          .recover(refused -> Future.succeededFuture(java.util.Map.of()))
          .compose(save -> save.getOrDefault("save", "").isBlank()
              ? Future.succeededFuture()
              : afterRunning(server, "aof_rewrite_in_progress")
                  .compose(w -> afterRunning(server, "rdb_bgsave_in_progress"))
                  .compose(w -> server.call(c -> c.bgsave())).<Void>mapEmpty()));
    }).onFailure(failure -> LOG.warn("erasure: Redis was not asked to rewrite its files ({}); "
        + "the erased data stays in its append-only file until the next rewrite", failure.toString()));
  }

  /**
   * Redis keeps a deleted stream entry (an erased customer's event, dead letter, training example)
   * in its node, and writes it to disk with the node, until every entry of the node is deleted;
   * with one entry a node it goes at once. Says so when the server packs more (README, "Privacy").
   */
  private Future<Void> warnOfStreamNodes(Redis server) {
    return server.call(c -> c.configGet("stream-node-max-entries"))
        .map(config -> {
          String entries = config.get("stream-node-max-entries");
          if (entries != null && !"1".equals(entries.trim())) {
            LOG.warn("erasure: Redis packs {} stream entries a node (stream-node-max-entries): erased events"
                + " stay in its files until their node empties; set it to 1", entries.trim());
          }
          return (Void) null;
        })
        .otherwiseEmpty();
  }

  /** Completes once the server reports {@code flag} as 0 (polled), or fails after {@link #WAIT_MS}. */
  private Future<Void> afterRunning(Redis server, String flag) {
    return Polling.until(vertx, POLL_MS, WAIT_MS,
            () -> server.call(c -> c.info("persistence")).map(info -> !"1".equals(field(info, flag))))
        .compose(done -> done ? Future.succeededFuture()
            : Future.failedFuture(new IllegalStateException(flag + " still set after " + WAIT_MS + " ms")));
  }

  private static String field(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return null;
  }
}
