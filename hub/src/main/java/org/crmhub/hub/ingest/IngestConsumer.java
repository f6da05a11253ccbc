package org.crmhub.hub.ingest;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XPendingArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.models.stream.PendingMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.crmhub.connector.InboundContact;
import org.crmhub.hub.Ids;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.StreamGroups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This hub's member of the ingest consumer group. One reader per partition takes new entries; a
 * reclaimer takes over entries left pending by a hub that died (or by a failed attempt) once they
 * have been idle long enough, and buries those that failed too often in the dead-letter stream.
 * An entry is acknowledged only after {@link ContactProcessor#process} succeeded.
 */
public final class IngestConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(IngestConsumer.class);
  private static final int BATCH_SIZE = 50;
  private static final Duration READ_BLOCK = Duration.ofSeconds(1);
  private static final long RETRY_AFTER_ERROR_MS = 1_000;
  private static final int RECLAIM_BATCH = 50;

  private final Vertx vertx;
  private final Redis redis;
  private final IngestKeys keys;
  private final ContactProcessor processor;
  private final DeadLetters deadLetters;
  private final Duration reclaimIdle;
  private final int maxDeliveries;
  private final String consumerName = Ids.next("hub");
  private final List<Future<Void>> readersStopped = new ArrayList<>();
  private final AtomicLong processed = new AtomicLong();
  private volatile BiConsumer<InboundContact, Long> onProcessed = (contact, acceptedAtMillis) -> { };
  private volatile boolean running;
  private boolean reclaiming;
  private long reclaimTimer = -1;

  public IngestConsumer(Vertx vertx, Redis redis, IngestKeys keys, ContactProcessor processor,
      DeadLetters deadLetters, Duration reclaimIdle, int maxDeliveries) {
    this.vertx = vertx;
    this.redis = redis;
    this.keys = keys;
    this.processor = processor;
    this.deadLetters = deadLetters;
    this.reclaimIdle = reclaimIdle;
    this.maxDeliveries = maxDeliveries;
  }

  public Future<Void> start() {
    running = true;
    List<Future<Void>> started = new ArrayList<>();
    for (int partition = 0; partition < keys.partitions(); partition++) {
      int p = partition;
      started.add(StreamGroups.ensure(redis, keys.stream(p), IngestKeys.CONSUMER_GROUP)
          .compose(v -> redis.dedicatedConnection())
          .map(reader -> {
            Promise<Void> stopped = Promise.promise();
            readersStopped.add(stopped.future());
            readLoop(p, reader, stopped);
            return null;
          }));
    }
    long period = Math.max(250, reclaimIdle.toMillis() / 2);
    reclaimTimer = vertx.setPeriodic(period, id -> reclaimAll());
    return Future.all(started).mapEmpty();
  }

  /** Stops reading; entries in flight finish (or stay pending for another hub). */
  public Future<Void> stop() {
    running = false;
    vertx.cancelTimer(reclaimTimer);
    return Future.join(readersStopped).mapEmpty();
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

  private void readLoop(int partition, Redis reader, Promise<Void> stopped) {
    if (!running) {
      reader.close().onComplete(closed -> stopped.complete());
      return;
    }
    reader.call(c -> c.xreadgroup(
            Consumer.from(IngestKeys.CONSUMER_GROUP, consumerName),
            XReadArgs.Builder.count(BATCH_SIZE).block(READ_BLOCK),
            StreamOffset.lastConsumed(keys.stream(partition))))
        .compose(entries -> handleAll(partition, entries))
        .onComplete(done -> {
          if (done.failed() && running) {
            LOG.warn("ingest partition {}: read failed, retrying: {}", partition, done.cause().toString());
            vertx.setTimer(RETRY_AFTER_ERROR_MS, id -> readLoop(partition, reader, stopped));
          } else {
            readLoop(partition, reader, stopped);
          }
        });
  }

  /**
   * Entries of a batch are processed concurrently: processing is idempotent and settles races
   * in Redis, and a batch handled one by one would sit pending long enough to look abandoned.
   */
  private Future<Void> handleAll(int partition, List<StreamMessage<String, String>> entries) {
    return Future.join(entries.stream().map(entry -> handle(partition, entry)).toList()).mapEmpty();
  }

  /** Never fails: a failed attempt stays pending and is retried by the reclaimer. */
  private Future<Void> handle(int partition, StreamMessage<String, String> entry) {
    String contactId = entry.getBody().get("contactId");
    InboundContact contact;
    try {
      contact = ContactJson.fromJson(new JsonObject(entry.getBody().get("contact")));
    } catch (RuntimeException unreadable) {
      // permanent: retrying cannot help
      LOG.error("ingest entry {} is unreadable, moving it to dead letters", entry.getId());
      return deadLetters.bury(partition, entry, 1, "unreadable entry: " + unreadable)
          .recover(this::logAndContinue);
    }
    return processor.process(contactId, contact)
        .compose(v -> deadLetters.acknowledge(partition, entry.getId()))
        .onSuccess(v -> {
          processed.incrementAndGet();
          onProcessed.accept(contact, acceptedAtMillis(entry));
        })
        .recover(failure -> {
          LOG.warn("processing contact {} failed, will retry: {}", contactId, failure.toString());
          return deadLetters.recordFailure(contactId, failure).recover(this::logAndContinue);
        });
  }

  /** The accept time the entry carries, else the one in its stream id (XADD's clock). */
  private static long acceptedAtMillis(StreamMessage<String, String> entry) {
    try {
      String acceptedAt = entry.getBody().get("acceptedAt");
      return acceptedAt != null ? java.time.Instant.parse(acceptedAt).toEpochMilli()
          : Long.parseLong(entry.getId().substring(0, entry.getId().indexOf('-')));
    } catch (RuntimeException unreadable) {
      return 0;
    }
  }

  private void reclaimAll() {
    if (reclaiming || !running) {
      return;
    }
    reclaiming = true;
    Future<Void> chain = Future.succeededFuture();
    for (int partition = 0; partition < keys.partitions(); partition++) {
      int p = partition;
      chain = chain.compose(v -> reclaim(p));
    }
    chain.onComplete(done -> {
      reclaiming = false;
      if (done.failed()) {
        LOG.warn("reclaiming pending ingest entries failed: {}", done.cause().toString());
      }
    });
  }

  private Future<Void> reclaim(int partition) {
    String stream = keys.stream(partition);
    return redis.call(c -> c.xpending(stream, new XPendingArgs<String>()
            .group(IngestKeys.CONSUMER_GROUP)
            .range(Range.create("-", "+"))
            .limit(Limit.from(RECLAIM_BATCH))
            .idle(reclaimIdle)))
        .compose(pending -> {
          Future<Void> chain = Future.succeededFuture();
          for (PendingMessage stuck : pending) {
            chain = chain.compose(v -> claimAndRetry(partition, stuck));
          }
          return chain;
        });
  }

  private Future<Void> claimAndRetry(int partition, PendingMessage stuck) {
    // XCLAIM with min-idle: of several hubs reclaiming at once, exactly one gets the entry
    return redis.call(c -> c.xclaim(keys.stream(partition),
            Consumer.from(IngestKeys.CONSUMER_GROUP, consumerName),
            XClaimArgs.Builder.minIdleTime(reclaimIdle), stuck.getId()))
        .compose(claimed -> {
          if (claimed.isEmpty()) {
            return Future.succeededFuture();
          }
          StreamMessage<String, String> entry = claimed.get(0);
          if (entry.getBody() == null || entry.getBody().isEmpty()) {
            // deleted from the stream while pending: nothing left to do
            return deadLetters.acknowledge(partition, stuck.getId());
          }
          if (stuck.getRedeliveryCount() >= maxDeliveries) {
            LOG.error("contact {} failed {} times, moving it to dead letters",
                entry.getBody().get("contactId"), stuck.getRedeliveryCount());
            return deadLetters.bury(partition, entry, stuck.getRedeliveryCount(),
                "failed " + stuck.getRedeliveryCount() + " times");
          }
          return handle(partition, entry);
        });
  }

  private Future<Void> logAndContinue(Throwable failure) {
    LOG.warn("ingest bookkeeping failed: {}", failure.toString());
    return Future.succeededFuture();
  }
}
