package org.crmhub.hub.search;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.BiFunction;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.Streams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the events stream on a connection of its own from the index's position and hands each
 * batch's changes to the index with the batch's last id, one batch at a time, so the position
 * never passes a change that is not written. Each hub follows on its own: no consumer group,
 * every hub indexes every message.
 */
final class SearchFeed {

  private static final Logger LOG = LoggerFactory.getLogger(SearchFeed.class);
  private static final int BATCH = 500;
  private static final long RETRY_AFTER_ERROR_MS = 1_000;

  private final Vertx vertx;
  private final Redis redis;
  /** Applies a batch's changes and then moves the position to the id given; Lucene work off the event loop. */
  private final BiFunction<SearchChanges, String, Future<Void>> apply;
  private final Promise<Void> stopped = Promise.promise();
  private volatile boolean running;

  SearchFeed(Vertx vertx, Redis redis, BiFunction<SearchChanges, String, Future<Void>> apply) {
    this.vertx = vertx;
    this.redis = redis;
    this.apply = apply;
  }

  Future<Void> start(String position) {
    running = true;
    return redis.dedicatedConnection().map(reader -> {
      follow(reader, position);
      return null;
    });
  }

  /** Completes once the read under way returned and its batch is written. */
  Future<Void> stop() {
    if (!running) {
      return Future.succeededFuture();
    }
    running = false;
    return stopped.future();
  }

  private void follow(Redis reader, String lastId) {
    if (!running) {
      reader.close().onComplete(closed -> stopped.tryComplete());
      return;
    }
    Streams.follow(reader, DomainEvents.STREAM, lastId, BATCH, Streams.READ_BLOCK)
        .compose(entries -> entries.isEmpty()
            ? Future.succeededFuture(lastId)
            : apply.apply(SearchChanges.of(entries), entries.get(entries.size() - 1).id())
                .map(v -> entries.get(entries.size() - 1).id()))
        .onSuccess(next -> follow(reader, next))
        .onFailure(failure -> {
          LOG.warn("search index: following the events stream failed, retrying: {}", failure.toString());
          vertx.setTimer(RETRY_AFTER_ERROR_MS, id -> follow(reader, lastId));
        });
  }
}
