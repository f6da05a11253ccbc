package org.crmhub.hub.search;

import io.vertx.core.Future;
import org.crmhub.hub.redis.Redis;

/**
 * Asking every hub to rebuild its index: a counter in Redis that an admin raises and that each hub
 * compares with the generation its own index was last rebuilt for. A counter rather than an event
 * on the stream, because a hub that is stopped or behind when it is raised still sees it at its
 * next check (the stream is capped, and a rebuilt index skips the events before it).
 */
final class RebuildRequests {

  static final String KEY = "crm:search:rebuild:generation";

  private final Redis redis;

  RebuildRequests(Redis redis) {
    this.redis = redis;
  }

  /** The newest generation asked for; 0 when no rebuild was ever asked for. */
  Future<Long> requested() {
    return redis.call(c -> c.get(KEY)).map(RebuildRequests::generation);
  }

  /** Asks for one more rebuild; answers its generation. */
  Future<Long> request() {
    return redis.call(c -> c.incr(KEY));
  }

  private static long generation(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException unreadable) {
      // only the hubs write it; a hand-edited value counts as no request rather than stopping the checks
      return 0;
    }
  }
}
