package org.crmhub.hub.channels;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.crmhub.connector.ChannelHealth;
import org.crmhub.hub.redis.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last success and last error of every connector source, shared by all hubs (whichever holds
 * a poll's lease reports it). Reports are fire-and-forget: health must never hold up a poll.
 */
public final class ChannelHealthStore {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelHealthStore.class);
  private static final int MAX_ERROR_LENGTH = 500;

  private final Redis redis;

  public ChannelHealthStore(Redis redis) {
    this.redis = redis;
  }

  /** What one connector reports through. */
  public ChannelHealth reporter(String connectorName) {
    return new ChannelHealth() {
      @Override
      public void succeeded(String source) {
        record(connectorName, source, entry -> entry.put("lastSuccessAt", Instant.now().toString()));
      }

      @Override
      public void failed(String source, String error) {
        String shortened = error == null ? "unknown error"
            : error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH) + "…";
        record(connectorName, source, entry -> entry
            .put("lastErrorAt", Instant.now().toString())
            .put("lastError", shortened));
      }
    };
  }

  /** Every source's health, ordered by connector and source. */
  public Future<List<JsonObject>> all() {
    return redis.call(c -> c.hgetall(ChannelKeys.health()))
        .map(entries -> entries.values().stream()
            .map(JsonObject::new)
            .sorted(Comparator.comparing((JsonObject e) -> e.getString("connector", ""))
                .thenComparing(e -> e.getString("source", "")))
            .toList());
  }

  /** One source's health entry; empty when it never reported. */
  public Future<JsonObject> entry(String connectorName, String source) {
    return redis.call(c -> c.hget(ChannelKeys.health(), connectorName + "/" + source))
        .map(found -> found == null ? new JsonObject() : new JsonObject(found));
  }

  private void record(String connectorName, String source, java.util.function.UnaryOperator<JsonObject> change) {
    String field = connectorName + "/" + source;
    redis.call(c -> c.hget(ChannelKeys.health(), field))
        .map(current -> current == null
            ? new JsonObject().put("connector", connectorName).put("source", source)
            : new JsonObject(current))
        .map(change)
        .compose(updated -> redis.call(c -> c.hset(ChannelKeys.health(), field, updated.encode())))
        .onFailure(failure -> LOG.debug("health of {} not recorded: {}", field, failure.getMessage()));
  }
}
