package org.crmhub.hub.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.crmhub.hub.failure.NotReplicated;
import org.crmhub.hub.redis.ReplicatedWriter;

/**
 * Holds back the filing of an ingest entry until replicas have the entry, and its acknowledgement
 * until replicas have what it was filed as. In a Redis Cluster a contact's message, conversation,
 * customer and events live on other shards than its ingest entry, each shard replicating on its
 * own. Once the entry is acknowledged (and deleted), a failover of another shard that had not yet
 * copied the filing would lose a contact that was acknowledged with replica acknowledgements on;
 * and an entry filed before its own shard's replica had it could be lost in a failover while its
 * filing survives elsewhere, so the sender's retry (its 503 told it to) would be filed a second
 * time. Both wait for every primary's replicas ({@link ReplicatedWriter#everyPrimary}); if they do
 * not confirm in time, the entry stays pending and is filed (idempotently) later. Outside a
 * cluster neither is needed: the entry, its filing and its acknowledgement are in that order in
 * the one replication stream, so a replica that has one has what came before it.
 *
 * <p>Entries filed while a confirmation is under way share the next one, so a busy partition pays
 * one round of WAITs per batch rather than per contact. Used on one partition's context only.
 */
final class FilingReplicas {

  /** Confirms at once: no replicas required, or not a cluster. */
  static final FilingReplicas NOT_REQUIRED = new FilingReplicas(null, ReplicaAcks.NONE);

  private final ReplicatedWriter writer;
  private final ReplicaAcks acks;
  /** The confirmation that starts when the one under way ends; null when nobody waits for it. */
  private Promise<Void> next;
  private boolean confirming;

  /** @param writer the connection that waits for replicas; null when none are required */
  FilingReplicas(ReplicatedWriter writer, ReplicaAcks acks) {
    this.writer = writer;
    this.acks = acks;
  }

  /** A new instance for one partition: each keeps its own rounds on its own context. */
  FilingReplicas forPartition() {
    return writer == null ? NOT_REQUIRED : new FilingReplicas(writer, acks);
  }

  /** Completes once replicas of every primary have everything written before this call. */
  Future<Void> confirmed() {
    if (writer == null) {
      return Future.succeededFuture();
    }
    if (next == null) {
      next = Promise.promise();
    }
    Future<Void> joined = next.future();
    if (!confirming) {
      confirmNext();
    }
    return joined;
  }

  private void confirmNext() {
    Promise<Void> round = next;
    next = null;
    confirming = true;
    writer.everyPrimary(acks.replicas(), acks.timeout())
        .compose(fewest -> fewest >= acks.replicas()
            ? Future.<Void>succeededFuture()
            : Future.<Void>failedFuture(new NotReplicated(fewest + " of " + acks.replicas()
                + " replica(s) of some primary confirmed the filing within " + acks.timeout().toMillis() + " ms")))
        .onComplete(done -> {
          confirming = false;
          round.handle(done);
          if (next != null) {
            confirmNext();
          }
        });
  }
}
