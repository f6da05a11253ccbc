package org.crmhub.hub.redis;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * A change to what Redis holds that is made once, at start: skipped when its marker key exists,
 * else made, then the marker set. The marker is set only after the change completed, so one cut
 * short (a crash, a stop) is made again at the next start: each change must be safe to repeat.
 */
public final class OneTimeMigration {

  private final Redis redis;
  private final String marker;

  /** @param marker the key that records the change as done; no other key may be named so */
  public OneTimeMigration(Redis redis, String marker) {
    this.redis = redis;
    this.marker = marker;
  }

  /** @return what the change answered, or {@code skipped} when it was done before */
  public <T> Future<T> runOnce(Supplier<Future<T>> change, T skipped) {
    return redis.call(c -> c.exists(marker)).compose(done -> done > 0
        ? Future.succeededFuture(skipped)
        : change.get().compose(result -> redis.call(c -> c.set(marker, "1")).map(result)));
  }

  /** The same, for a change that answers nothing. */
  public Future<Void> runOnce(Supplier<Future<Void>> change) {
    return runOnce(change, null);
  }
}
