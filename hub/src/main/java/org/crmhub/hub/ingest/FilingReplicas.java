package org.crmhub.hub.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;
import org.crmhub.hub.failure.NotReplicated;
import org.crmhub.hub.redis.ReplicatedWriter;

/**
 * Holds back the filing of an ingest entry until replicas have the entry, and its acknowledgement
 * until replicas have what it was filed as. In a Redis Cluster a contact's message, conversation,
 * customer and events live on other shards than its ingest entry, each shard replicating on its
 * own. Once the entry is acknowledged (and deleted), a failover of another shard that had not yet
 * copied the filing would lose a contact that was acknowledged with replica acknowledgements on:
 * so the acknowledgement waits for every primary's replicas ({@link ReplicatedWriter#everyPrimary}).
 * And an entry filed before its own shard's replica had it could be lost in a failover while its
 * filing survives elsewhere, so that the sender's retry (its 503 told it to) would be filed a
 * second time: so the filing waits for the partition's primary's replicas. If they do not confirm
 * in time, the entry stays pending and is filed (idempotently) later. Outside a cluster neither
 * is needed: the entry, its filing and its acknowledgement are in that order in the one
 * replication stream, so a replica that has one has what came before it.
 *
 * <p>Entries that ask while a confirmation is under way share the next one, so a busy partition
 * pays one round of WAITs per batch rather than per contact. Used on one partition's context only.
 */
final class FilingReplicas {

  /** Confirms at once: no replicas required, or not a cluster. */
  static final FilingReplicas NOT_REQUIRED = new FilingReplicas(null, ReplicaAcks.NONE, null);

  private final ReplicatedWriter writer;
  private final ReplicaAcks acks;
  private final Rounds entry;
  private final Rounds filing;

  /**
   * @param writer the connection that waits for replicas; null when none are required
   * @param partitionMark a key on the partition's primary ({@link IngestKeys#replicationMark}); null for a template
   */
  private FilingReplicas(ReplicatedWriter writer, ReplicaAcks acks, String partitionMark) {
    this.writer = writer;
    this.acks = acks;
    this.entry = new Rounds(() -> confirmedBy(writer.primaryServing(partitionMark, acks.replicas(), acks.timeout()),
        "the partition's primary", "entry"));
    this.filing = new Rounds(() -> confirmedBy(writer.everyPrimary(acks.replicas(), acks.timeout()),
        "some primary", "filing"));
  }

  /** A template from which each partition gets its own ({@link #forPartition}). */
  static FilingReplicas required(ReplicatedWriter writer, ReplicaAcks acks) {
    return new FilingReplicas(writer, acks, null);
  }

  /** A new instance for one partition: each keeps its own rounds on its own context. */
  FilingReplicas forPartition(IngestKeys keys, int partition) {
    return writer == null ? NOT_REQUIRED : new FilingReplicas(writer, acks, keys.replicationMark(partition));
  }

  /** Completes once replicas of the partition's primary have everything it had before this call. */
  Future<Void> entryConfirmed() {
    return writer == null ? Future.succeededFuture() : entry.next();
  }

  /** Completes once replicas of every primary have everything they had before this call. */
  Future<Void> filingConfirmed() {
    return writer == null ? Future.succeededFuture() : filing.next();
  }

  private Future<Void> confirmedBy(Future<Long> fewest, String whose, String what) {
    return fewest.compose(confirmed -> confirmed >= acks.replicas()
        ? Future.<Void>succeededFuture()
        : Future.<Void>failedFuture(new NotReplicated(confirmed + " of " + acks.replicas() + " replica(s) of "
            + whose + " confirmed the " + what + " within " + acks.timeout().toMillis() + " ms")));
  }

  /** One confirmation at a time; those who ask while one runs share the next. */
  private static final class Rounds {

    private final Supplier<Future<Void>> round;
    /** The round that starts when the one under way ends; null when nobody waits for it. */
    private Promise<Void> next;
    private boolean running;

    Rounds(Supplier<Future<Void>> round) {
      this.round = round;
    }

    Future<Void> next() {
      if (next == null) {
        next = Promise.promise();
      }
      Future<Void> joined = next.future();
      if (!running) {
        runNext();
      }
      return joined;
    }

    private void runNext() {
      Promise<Void> waiting = next;
      next = null;
      running = true;
      round.get().onComplete(done -> {
        running = false;
        waiting.handle(done);
        if (next != null) {
          runNext();
        }
      });
    }
  }
}
