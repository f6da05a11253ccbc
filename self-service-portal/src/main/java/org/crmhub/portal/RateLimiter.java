package org.crmhub.portal;

import io.vertx.core.Future;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fixed-window counters in Redis, shared by every portal instance, counted before the attempt
 * they guard is made: {@link #take} checks and counts in one Lua script ({@link AttemptScripts}),
 * so parallel requests cannot all see "below the limit" before any of them counts. A subject may carry a detail
 * (e.g. an email and the client address it is tried from): then the (subject, detail) counter
 * has the given limit and the subject's own counter {@code subjectFactor} times as much.
 */
final class RateLimiter {

  private final PortalRedis redis;
  private final String name;
  private final int limit;
  private final int subjectFactor;
  private final Duration window;

  RateLimiter(PortalRedis redis, String name, int limit, Duration window) {
    this(redis, name, limit, 1, window);
  }

  /** @param subjectFactor how many times {@code limit} a subject gets over all its details */
  RateLimiter(PortalRedis redis, String name, int limit, int subjectFactor, Duration window) {
    this.redis = redis;
    this.name = name;
    this.limit = limit;
    this.subjectFactor = subjectFactor;
    this.window = window;
  }

  /** @return 0 when the attempt was counted and may go ahead, else the seconds to wait (nothing counted) */
  Future<Long> take(String subject) {
    return run(AttemptScripts.TAKE, new String[] {key(subject)}, Long.toString(window.toSeconds()),
        Integer.toString(limit));
  }

  /** The same for a (subject, detail) pair, counting against the pair and the subject. */
  Future<Long> take(String subject, String detail) {
    return run(AttemptScripts.TAKE, keys(subject, detail), Long.toString(window.toSeconds()), Integer.toString(limit),
        Integer.toString(limit * subjectFactor));
  }

  /** The attempt succeeded: it does not count. */
  Future<Void> giveBack(String subject) {
    return run(AttemptScripts.GIVE_BACK, new String[] {key(subject)}).mapEmpty();
  }

  /** The same for a (subject, detail) pair. */
  Future<Void> giveBack(String subject, String detail) {
    return run(AttemptScripts.GIVE_BACK, keys(subject, detail)).mapEmpty();
  }

  /** @return the script's first answer: the seconds to wait, or 0 */
  private Future<Long> run(String script, String[] keys, String... args) {
    return redis.evalList(script, keys, args)
        .map(answer -> answer == null || answer.isEmpty() ? 0L : (Long) answer.get(0));
  }

  private String key(String subject) {
    return "portal:rate:" + name + ":{" + encode(subject) + "}";
  }

  private String[] keys(String subject, String detail) {
    String subjectKey = key(subject);
    return new String[] {subjectKey + ":" + encode(detail), subjectKey};
  }

  private static String encode(String part) {
    // braces would end the hash tag early
    return URLEncoder.encode(part, StandardCharsets.UTF_8);
  }
}
