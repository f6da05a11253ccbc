package org.crmhub.hub.auth;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import org.crmhub.hub.redis.Redis;

/**
 * Counts failed sign-ins per client address and per username in fixed windows, shared by all hub
 * instances. Once either count reaches the limit, sign-in is refused (429) until the window ends,
 * so neither guessing one account's password nor spraying many accounts from one address works.
 */
public final class LoginRateLimiter {

  private final Redis redis;
  private final int attempts;
  private final Duration window;

  public LoginRateLimiter(Redis redis, int attempts, Duration window) {
    this.redis = redis;
    this.attempts = attempts;
    this.window = window;
  }

  /** @return 0 when an attempt may go ahead, else the seconds to wait */
  public Future<Long> waitBeforeAttempt(String clientAddress, String username) {
    List<String> keys = keys(clientAddress, username);
    return Future.all(keys.stream().map(this::secondsBlocked).toList())
        .map(all -> all.<Long>list().stream().mapToLong(Long::longValue).max().orElse(0));
  }

  public Future<Void> recordFailure(String clientAddress, String username) {
    return Future.all(keys(clientAddress, username).stream().map(this::increment).toList()).mapEmpty();
  }

  private Future<Long> secondsBlocked(String key) {
    return redis.call(c -> c.get(key)).compose(count -> count == null || Long.parseLong(count) < attempts
        ? Future.succeededFuture(0L)
        : redis.call(c -> c.ttl(key)).map(ttl -> Math.max(1L, ttl)));
  }

  private Future<Void> increment(String key) {
    return redis.call(c -> c.incr(key))
        .compose(count -> count == 1 ? redis.call(c -> c.expire(key, window.toSeconds())).mapEmpty()
            : Future.succeededFuture());
  }

  private static List<String> keys(String clientAddress, String username) {
    return List.of("crm:login-failures:address:" + clientAddress, "crm:login-failures:user:" + username);
  }
}
