package org.crmhub.hub.redis;

import io.lettuce.core.RedisURI;

/**
 * {@code redis-sentinel://host:port,host:port/masterName}: the Sentinels to ask and the name of the
 * primary they watch. Lettuce asks a Sentinel for the primary's address on every (re)connect, so a
 * connection lost in a failover comes back to the promoted replica. Lettuce's own form, the name
 * after {@code #} (with a password or database before it), is taken as it is.
 */
final class SentinelUrl {

  private static final String SCHEME = "redis-sentinel://";

  private SentinelUrl() {}

  static boolean isSentinel(String url) {
    return url.startsWith(SCHEME);
  }

  static RedisURI parse(String url) {
    if (url.contains("#")) {
      return RedisURI.create(url);
    }
    int slash = url.indexOf('/', SCHEME.length());
    if (slash < 0 || slash == url.length() - 1 || url.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException("REDIS_URL: a Sentinel URL names its primary after the hosts, "
          + "as in redis-sentinel://host:26379,host:26380/mymaster");
    }
    return RedisURI.create(url.substring(0, slash) + "#" + url.substring(slash + 1));
  }
}
