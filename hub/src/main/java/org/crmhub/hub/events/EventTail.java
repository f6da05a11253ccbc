package org.crmhub.hub.events;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.StreamEntry;
import org.crmhub.hub.redis.Streams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the events stream on one dedicated connection and republishes each event on this
 * process's event bus as its {@link SseFrame} (a String: the bus hands the same one to every
 * consumer), so any number of SSE clients cost one Redis reader and one frame per event per hub.
 */
public final class EventTail implements EventHistory {

  public static final String ADDRESS = "crmhub.events";
  private static final Logger LOG = LoggerFactory.getLogger(EventTail.class);
  private static final int BATCH = 500;

  private final Vertx vertx;
  private final Redis redis;
  private final Promise<Void> stopped = Promise.promise();
  private volatile boolean running;

  public EventTail(Vertx vertx, Redis redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  /**
   * Follows from the newest entry there is now, by its id: reading from {@code $} again after each
   * read that timed out would skip whatever was appended between that read's answer and the next.
   */
  public Future<Void> start() {
    running = true;
    return Streams.newestId(redis, DomainEvents.STREAM)
        .compose(newest -> redis.dedicatedConnection().map(reader -> {
          follow(reader, newest == null ? "0-0" : newest);
          return null;
        }));
  }

  public Future<Void> stop() {
    running = false;
    return stopped.future();
  }

  @Override
  public Future<List<String>> since(String afterId, int limit) {
    return Streams.after(redis, DomainEvents.STREAM, afterId, limit)
        .map(entries -> entries.stream().map(SseFrame::of).toList());
  }

  private void follow(Redis reader, String lastId) {
    if (!running) {
      reader.close().onComplete(closed -> stopped.tryComplete());
      return;
    }
    Streams.follow(reader, DomainEvents.STREAM, lastId, BATCH, Streams.READ_BLOCK)
        .onSuccess(entries -> {
          String next = lastId;
          for (StreamEntry entry : entries) {
            vertx.eventBus().publish(ADDRESS, SseFrame.of(entry));
            next = entry.id();
          }
          follow(reader, next);
        })
        .onFailure(failure -> {
          LOG.warn("event stream read failed, retrying: {}", failure.toString());
          vertx.setTimer(1_000, id -> follow(reader, lastId));
        });
  }
}
