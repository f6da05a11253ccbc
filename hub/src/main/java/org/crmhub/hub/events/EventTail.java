package org.crmhub.hub.events;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.crmhub.hub.redis.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the events stream on one dedicated connection and republishes each event on this
 * process's event bus, so any number of SSE clients cost one Redis reader per hub.
 */
public final class EventTail implements EventHistory {

  public static final String ADDRESS = "crmhub.events";
  private static final Logger LOG = LoggerFactory.getLogger(EventTail.class);
  private static final Duration BLOCK = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final Redis redis;
  private final Promise<Void> stopped = Promise.promise();
  private volatile boolean running;

  public EventTail(Vertx vertx, Redis redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  public Future<Void> start() {
    running = true;
    return redis.dedicatedConnection().map(reader -> {
      follow(reader, "$");
      return null;
    });
  }

  public Future<Void> stop() {
    running = false;
    return stopped.future();
  }

  @Override
  public Future<List<JsonObject>> since(String afterId, int limit) {
    return redis.call(c -> c.xrange(DomainEvents.STREAM, Range.from(Range.Boundary.excluding(afterId),
            Range.Boundary.unbounded()), Limit.from(limit)))
        .map(entries -> entries.stream().map(EventTail::toJson).toList());
  }

  private void follow(Redis reader, String lastId) {
    if (!running) {
      reader.close().onComplete(closed -> stopped.tryComplete());
      return;
    }
    reader.call(c -> c.xread(XReadArgs.Builder.block(BLOCK).count(500),
            StreamOffset.from(DomainEvents.STREAM, lastId)))
        .onSuccess(entries -> {
          String next = lastId;
          for (StreamMessage<String, String> entry : entries) {
            vertx.eventBus().publish(ADDRESS, toJson(entry));
            next = entry.getId();
          }
          follow(reader, next);
        })
        .onFailure(failure -> {
          LOG.warn("event stream read failed, retrying: {}", failure.toString());
          vertx.setTimer(1_000, id -> follow(reader, lastId));
        });
  }

  static JsonObject toJson(StreamMessage<String, String> entry) {
    return new JsonObject()
        .put("id", entry.getId())
        .put("type", entry.getBody().get("type"))
        .put("eventId", entry.getBody().get("eventId"))
        .put("timestamp", entry.getBody().get("timestamp"))
        .put("data", new JsonObject(entry.getBody().getOrDefault("data", "{}")));
  }

  /** Stream ids are {@code millis-sequence}; compares them numerically. */
  public static int compareIds(String a, String b) {
    int dashA = a.indexOf('-');
    int dashB = b.indexOf('-');
    int byTime = Long.compare(Long.parseLong(a.substring(0, dashA)), Long.parseLong(b.substring(0, dashB)));
    return byTime != 0 ? byTime
        : Long.compare(Long.parseLong(a.substring(dashA + 1)), Long.parseLong(b.substring(dashB + 1)));
  }
}
