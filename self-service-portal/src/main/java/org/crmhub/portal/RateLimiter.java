package org.crmhub.portal;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/**
 * Fixed-window counters in Redis, shared by every portal instance. {@link #wait} says how long a
 * caller must wait once any of its counters reached the limit; {@link #count} adds one.
 */
final class RateLimiter {

  private final PortalRedis redis;
  private final String name;
  private final int limit;
  private final Duration window;

  RateLimiter(PortalRedis redis, String name, int limit, Duration window) {
    this.redis = redis;
    this.name = name;
    this.limit = limit;
    this.window = window;
  }

  /** @return 0 to go ahead, else the seconds to wait */
  Future<Long> wait(List<String> subjects) {
    return Future.all(subjects.stream().map(this::secondsBlocked).toList())
        .map(all -> all.<Long>list().stream().mapToLong(Long::longValue).max().orElse(0));
  }

  Future<Void> count(List<String> subjects) {
    return Future.all(subjects.stream().map(this::increment).toList()).mapEmpty();
  }

  private String key(String subject) {
    return "portal:rate:" + name + ":" + subject;
  }

  private Future<Long> secondsBlocked(String subject) {
    String key = key(subject);
    return redis.call(c -> c.get(key)).compose(count -> count == null || Long.parseLong(count) < limit
        ? Future.succeededFuture(0L)
        : redis.call(c -> c.ttl(key)).map(ttl -> Math.max(1L, ttl)));
  }

  private Future<Void> increment(String subject) {
    String key = key(subject);
    return redis.call(c -> c.incr(key))
        .compose(count -> count == 1
            ? redis.call(c -> c.expire(key, window.toSeconds())).mapEmpty()
            : Future.succeededFuture());
  }
}
