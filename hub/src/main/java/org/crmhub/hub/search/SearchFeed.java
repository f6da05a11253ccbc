package org.crmhub.hub.search;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.events.EventType;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.StreamEntry;
import org.crmhub.hub.redis.Streams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the events stream on a connection of its own from the index's position and hands each
 * batch's messages to the index with the batch's last id, one batch at a time, so the position
 * never passes a message that is not written. Each hub follows on its own: no consumer group,
 * every hub indexes every message.
 */
final class SearchFeed {

  private static final Logger LOG = LoggerFactory.getLogger(SearchFeed.class);
  private static final int BATCH = 500;
  private static final long RETRY_AFTER_ERROR_MS = 1_000;

  private final Vertx vertx;
  private final Redis redis;
  /** Writes a batch's messages and moves the position to the id given; off the event loop. */
  private final BiFunction<List<MessageDocument>, String, Future<Void>> write;
  private final Promise<Void> stopped = Promise.promise();
  private volatile boolean running;

  SearchFeed(Vertx vertx, Redis redis, BiFunction<List<MessageDocument>, String, Future<Void>> write) {
    this.vertx = vertx;
    this.redis = redis;
    this.write = write;
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
            : write.apply(messages(entries), entries.get(entries.size() - 1).id())
                .map(v -> entries.get(entries.size() - 1).id()))
        .onSuccess(next -> follow(reader, next))
        .onFailure(failure -> {
          LOG.warn("search index: following the events stream failed, retrying: {}", failure.toString());
          vertx.setTimer(RETRY_AFTER_ERROR_MS, id -> follow(reader, lastId));
        });
  }

  /** The messages the batch created; other events change nothing the index holds yet. */
  static List<MessageDocument> messages(List<StreamEntry> entries) {
    List<MessageDocument> messages = new ArrayList<>();
    for (StreamEntry entry : entries) {
      if (!EventType.MESSAGE_CREATED.wireName().equals(entry.field("type"))) {
        continue;
      }
      try {
        JsonObject data = new JsonObject(entry.field("data", "{}"));
        JsonObject message = data.getJsonObject("message");
        MessageDocument document = message == null ? null
            : MessageDocument.of(message, data.getString("conversationId"), data.getString("customerId"),
                data.getString("customerName"));
        if (document != null) {
          messages.add(document);
        }
      } catch (RuntimeException unreadable) {
        // one malformed event must not stop the index for good
        LOG.warn("search index: event {} skipped, unreadable: {}", entry.id(), unreadable.toString());
      }
    }
    return messages;
  }
}
