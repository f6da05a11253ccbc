package org.crmhub.hub.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.crmhub.connector.InboundContact;
import org.crmhub.hub.Ids;
import org.crmhub.hub.failure.NotReplicated;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.Streams;
import org.crmhub.hub.redis.ReplicatedWriter;
import org.crmhub.hub.redis.StreamEntry;
import org.crmhub.hub.redis.StreamWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This hub's member of the ingest consumer group: one {@link StreamWorker} per partition. An
 * entry is acknowledged (and deleted: the message store holds it now) only after
 * {@link ContactProcessor#process} succeeded; a failed attempt is retried once idle for
 * {@code reclaimIdle}, and an entry that failed {@code maxDeliveries} times for a reason of its own
 * (not Redis or its replicas being unavailable), or cannot be read, goes to the dead letters.
 * With replica acknowledgements required in a Redis Cluster, an entry is filed only once its
 * partition's replicas have it, and acknowledged only once every shard's replicas have what it was
 * filed as ({@link FilingReplicas}).
 */
public final class IngestConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(IngestConsumer.class);
  /** Contacts of one partition handled at once: processing is idempotent and settles races in Redis. */
  private static final int IN_FLIGHT_PER_PARTITION = 50;

  private final Vertx vertx;
  private final Redis redis;
  private final IngestKeys keys;
  private final ContactProcessor processor;
  private final DeadLetters deadLetters;
  private final Duration reclaimIdle;
  private final int maxDeliveries;
  private final FilingReplicas filingReplicas;
  private final String consumerName = Ids.next("hub");
  private final List<String> deployments = new CopyOnWriteArrayList<>();
  private final AtomicLong processed = new AtomicLong();
  private volatile BiConsumer<InboundContact, Long> onProcessed = (contact, acceptedAtMillis) -> { };
  private volatile boolean running;

  public IngestConsumer(Vertx vertx, Redis redis, IngestKeys keys, ContactProcessor processor,
      DeadLetters deadLetters, Duration reclaimIdle, int maxDeliveries) {
    this(vertx, redis, keys, processor, deadLetters, reclaimIdle, maxDeliveries, ReplicaAcks.NONE, null);
  }

  /**
   * @param acks the replicas an accepted contact needs; in a cluster its filing needs them too
   * @param replicated the writer that waits for them; null when {@code acks} requires none
   */
  public IngestConsumer(Vertx vertx, Redis redis, IngestKeys keys, ContactProcessor processor,
      DeadLetters deadLetters, Duration reclaimIdle, int maxDeliveries, ReplicaAcks acks,
      ReplicatedWriter replicated) {
    this.vertx = vertx;
    this.redis = redis;
    this.keys = keys;
    this.processor = processor;
    this.deadLetters = deadLetters;
    this.reclaimIdle = reclaimIdle;
    this.maxDeliveries = maxDeliveries;
    this.filingReplicas = acks.required() && redis.isCluster()
        ? FilingReplicas.required(replicated, acks) : FilingReplicas.NOT_REQUIRED;
  }

  public Future<Void> start() {
    running = true;
    List<Future<String>> started = new ArrayList<>();
    for (int partition = 0; partition < keys.partitions(); partition++) {
      StreamWorker worker = new StreamWorker(vertx, redis,
          new StreamWorker.Settings(keys.stream(partition), IngestKeys.CONSUMER_GROUP, consumerName,
              IN_FLIGHT_PER_PARTITION, Streams.READ_BLOCK, reclaimIdle, maxDeliveries, true),
          new PartitionHandler(partition));
      // each partition on an event loop of its own: filing spreads over the cores
      started.add(worker.deploy().onSuccess(deployments::add));
    }
    return Future.all(started).mapEmpty();
  }

  /** Stops reading; entries in flight finish (or stay pending for another hub). */
  public Future<Void> stop() {
    running = false;
    List<Future<Void>> stopped = deployments.stream().map(vertx::undeploy).toList();
    deployments.clear();
    return Future.join(stopped).mapEmpty();
  }

  public boolean isRunning() {
    return running;
  }

  public long processedCount() {
    return processed.get();
  }

  /** Told of each contact once it is processed, with when it was accepted (epoch millis, 0 if unknown). */
  public void onProcessed(BiConsumer<InboundContact, Long> listener) {
    this.onProcessed = listener;
  }

  private final class PartitionHandler implements StreamWorker.Handler {

    private final int partition;
    private final FilingReplicas replicas;

    PartitionHandler(int partition) {
      this.partition = partition;
      this.replicas = filingReplicas.forPartition(keys, partition);
    }

    @Override
    public List<Future<Void>> handle(List<StreamEntry> entries) {
      return entries.stream().map(this::handle).toList();
    }

    private Future<Void> handle(StreamEntry entry) {
      String contactId = entry.field("contactId");
      InboundContact contact;
      try {
        contact = ContactJson.fromJson(new JsonObject(entry.field("contact")));
      } catch (RuntimeException unreadable) {
        // permanent: retrying cannot help
        LOG.error("ingest entry {} is unreadable, moving it to dead letters", entry.id());
        return deadLetters.bury(partition, entry, 1, "unreadable entry: " + unreadable);
      }
      // the entry itself first: records filed from an entry that a failover then loses would
      // outlive it on other shards, and the sender's retry would be filed a second time
      return replicas.entryConfirmed()
          .compose(entryReplicated -> processor.process(contactId, contact))
          .compose(filed -> replicas.filingConfirmed())
          .onSuccess(v -> {
            processed.incrementAndGet();
            onProcessed.accept(contact, acceptedAtMillis(entry));
          })
          .recover(failure -> {
            LOG.warn("processing contact {} failed, will retry: {}", contactId, failure.toString());
            return deadLetters.recordFailure(contactId, failure)
                .transform(recorded -> Future.failedFuture(failure));
          });
    }

    /**
     * One attempt more before the entry is buried: one that failed only because Redis, or the
     * replicas its filing waits for, were unavailable (a failover takes seconds, a replica's
     * resync more) is filed now, or stays pending until they are back. Only an entry that fails
     * for a reason of its own goes to the dead letters.
     */
    @Override
    public Future<Void> giveUp(StreamEntry entry, long deliveries) {
      return handle(entry).recover(failure -> storageUnavailable(failure)
          ? Future.failedFuture(failure)
          : deadLetters.bury(partition, entry, deliveries + 1, "failed " + (deliveries + 1) + " times"));
    }
  }

  private static boolean storageUnavailable(Throwable failure) {
    return Redis.isStorageFailure(failure) || failure instanceof NotReplicated;
  }

  /** The accept time the entry carries, else the one in its stream id (XADD's clock). */
  private static long acceptedAtMillis(StreamEntry entry) {
    try {
      String acceptedAt = entry.field("acceptedAt");
      return acceptedAt != null ? Instant.parse(acceptedAt).toEpochMilli() : entry.appendedAtMillis();
    } catch (RuntimeException unreadable) {
      return 0;
    }
  }
}
