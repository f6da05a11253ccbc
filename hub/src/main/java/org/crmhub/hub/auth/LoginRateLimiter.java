package org.crmhub.hub.auth;

import io.vertx.core.Future;
import java.time.Duration;
import org.crmhub.hub.redis.Redis;

/** Fixed-window attempt counter per client address, shared by all hub instances. */
public final class LoginRateLimiter {

  private final Redis redis;
  private final int attempts;
  private final Duration window;

  public LoginRateLimiter(Redis redis, int attempts, Duration window) {
    this.redis = redis;
    this.attempts = attempts;
    this.window = window;
  }

  /** @return 0 when the attempt may go ahead, else the seconds to wait */
  public Future<Long> acquire(String clientAddress) {
    String key = "crm:login-attempts:" + clientAddress;
    return redis.call(c -> c.incr(key)).compose(count -> {
      if (count == 1) {
        return redis.call(c -> c.expire(key, window.toSeconds())).map(v -> 0L);
      }
      if (count <= attempts) {
        return Future.succeededFuture(0L);
      }
      return redis.call(c -> c.ttl(key)).map(ttl -> Math.max(1L, ttl));
    });
  }
}
