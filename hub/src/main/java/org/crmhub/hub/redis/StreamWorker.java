package org.crmhub.hub.redis;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of a consumer group on one stream, the way every stream reader of the hub works:
 * reads new entries on its own connection with at most {@code maxInFlight} being handled at once
 * (it reads again as soon as there is room, not when a whole batch is done), acknowledges an
 * entry only after its handler succeeded, and takes over entries left pending for
 * {@code reclaimIdle} (by a consumer that died, or by a failed attempt) — those delivered
 * {@code maxDeliveries} times go to {@link Handler#giveUp} instead of being tried again.
 *
 * <p>Runs on the Vert.x context that calls {@link #start()}; all its state is touched only there.
 */
public final class StreamWorker {

  /** What the worker does with entries. A succeeded future acknowledges its entry; a failed one leaves it pending. */
  public interface Handler {

    /** One future per entry, in order; entries read together may share work (one lookup for all). */
    List<Future<Void>> handle(List<StreamEntry> entries);

    /**
     * The entry failed {@code deliveries} times (or cannot be read): record it somewhere, then it
     * is acknowledged. A failed future leaves it pending, to be given up on again next round.
     */
    Future<Void> giveUp(StreamEntry entry, long deliveries);
  }

  /**
   * @param deleteOnAck also delete acknowledged entries (a work queue whose length is its backlog),
   *     rather than keep them (a history others read too)
   */
  public record Settings(String stream, String group, String consumer, int maxInFlight, Duration block,
      Duration reclaimIdle, int maxDeliveries, boolean deleteOnAck) {

    public Settings {
      if (maxInFlight < 1 || maxDeliveries < 1) {
        throw new IllegalArgumentException("maxInFlight and maxDeliveries must be at least 1");
      }
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(StreamWorker.class);
  private static final long RETRY_AFTER_ERROR_MS = 1_000;
  /** Entries acknowledged in one command at most. */
  private static final int MAX_ACKS_AT_ONCE = 500;

  private final Vertx vertx;
  private final Redis redis;
  private final Settings settings;
  private final Handler handler;
  private final Promise<Void> stopped = Promise.promise();
  private Redis reader;
  private BatchedCalls<String, Void> acknowledgements;
  private boolean running;
  private boolean reading;
  private boolean reclaiming;
  private int inFlight;
  private long reclaimTimer = -1;

  public StreamWorker(Vertx vertx, Redis redis, Settings settings, Handler handler) {
    this.vertx = vertx;
    this.redis = redis;
    this.settings = settings;
    this.handler = handler;
  }

  public Future<Void> start() {
    return Streams.ensureGroup(redis, settings.stream(), settings.group())
        .compose(v -> redis.dedicatedConnection())
        .map(connection -> {
          reader = connection;
          // entries handled in the same turn (and while an acknowledgement is out) share one
          acknowledgements = new BatchedCalls<>(vertx.getOrCreateContext(), MAX_ACKS_AT_ONCE, ids ->
              (settings.deleteOnAck()
                  ? Streams.acknowledgeAndDelete(redis, settings.stream(), settings.group(), ids)
                  : Streams.acknowledge(redis, settings.stream(), settings.group(), ids))
              .map(done -> java.util.Collections.nCopies(ids.size(), (Void) null)));
          running = true;
          long period = Math.max(250, settings.reclaimIdle().toMillis() / 2);
          reclaimTimer = vertx.setPeriodic(period, id -> reclaim());
          readMore();
          return null;
        });
  }

  /**
   * Starts the worker as a verticle of its own, so it runs on an event loop Vert.x picks for it
   * and several workers spread over the cores; undeploying it stops it.
   */
  public Future<String> deploy() {
    return vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        return StreamWorker.this.start();
      }

      @Override
      public Future<?> stop() {
        return StreamWorker.this.stop();
      }
    });
  }

  /**
   * Stops reading and completes once the read under way returned and the entries in hand are
   * handled; an entry whose handling fails meanwhile stays pending for another consumer.
   */
  public Future<Void> stop() {
    if (reader == null) {
      return Future.succeededFuture();
    }
    running = false;
    vertx.cancelTimer(reclaimTimer);
    stopWhenIdle();
    return stopped.future();
  }

  private void readMore() {
    if (!running || reading || inFlight >= settings.maxInFlight()) {
      return;
    }
    reading = true;
    int room = settings.maxInFlight() - inFlight;
    Streams.readGroup(reader, settings.stream(), settings.group(), settings.consumer(), room, settings.block())
        .onComplete(read -> {
          reading = false;
          if (read.failed()) {
            if (running) {
              LOG.warn("{}: read failed, retrying: {}", settings.stream(), read.cause().toString());
              vertx.setTimer(RETRY_AFTER_ERROR_MS, id -> readMore());
            } else {
              stopWhenIdle();
            }
            return;
          }
          handleAll(read.result());
          readMore();
          stopWhenIdle();
        });
  }

  private void handleAll(List<StreamEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    inFlight += entries.size();
    List<Future<Void>> handled;
    try {
      handled = handler.handle(entries);
    } catch (RuntimeException bug) {
      handled = entries.stream().map(entry -> Future.<Void>failedFuture(bug)).toList();
    }
    for (int i = 0; i < entries.size(); i++) {
      StreamEntry entry = entries.get(i);
      handled.get(i)
          .compose(v -> acknowledge(entry))
          .onComplete(done -> {
            if (done.failed()) {
              LOG.warn("{}: entry {} stays pending for a retry: {}", settings.stream(), entry.id(),
                  done.cause().toString());
            }
            inFlight--;
            readMore();
            stopWhenIdle();
          });
    }
  }

  private Future<Void> acknowledge(StreamEntry entry) {
    return acknowledgements.call(entry.id());
  }

  private void reclaim() {
    if (reclaiming || !running) {
      return;
    }
    reclaiming = true;
    Streams.pending(redis, settings.stream(), settings.group(), settings.reclaimIdle(), settings.maxInFlight())
        .compose(pending -> {
          Future<Void> chain = Future.succeededFuture();
          for (Streams.Pending stuck : pending) {
            chain = chain.compose(v -> running ? retake(stuck) : Future.succeededFuture());
          }
          return chain;
        })
        .onComplete(done -> {
          reclaiming = false;
          if (done.failed()) {
            LOG.warn("{}: reclaiming pending entries failed: {}", settings.stream(), done.cause().toString());
          }
          stopWhenIdle();
        });
  }

  /** Never fails: an entry that fails again stays pending for the next round. */
  private Future<Void> retake(Streams.Pending stuck) {
    return Streams.claim(redis, settings.stream(), settings.group(), settings.consumer(), settings.reclaimIdle(),
            stuck.id())
        .compose(entry -> {
          if (entry == null) {
            return Future.<Void>succeededFuture(); // another consumer took it first
          }
          if (entry.fields().isEmpty()) {
            // deleted from the stream while pending: nothing left to do
            return acknowledge(entry);
          }
          if (stuck.deliveries() >= settings.maxDeliveries()) {
            LOG.warn("{}: entry {} failed {} times, giving up on it", settings.stream(), entry.id(),
                stuck.deliveries());
            return handler.giveUp(entry, stuck.deliveries()).compose(v -> acknowledge(entry));
          }
          return handler.handle(List.of(entry)).get(0).compose(v -> acknowledge(entry));
        })
        .recover(failure -> {
          LOG.warn("{}: retrying entry {} failed, it stays pending: {}", settings.stream(), stuck.id(),
              failure.toString());
          return Future.succeededFuture();
        });
  }

  private void stopWhenIdle() {
    if (running || reading || reclaiming || inFlight > 0 || stopped.future().isComplete()) {
      return;
    }
    reader.close().onComplete(closed -> stopped.tryComplete());
  }
}
