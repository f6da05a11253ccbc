package org.crmhub.hub.redis;

import io.lettuce.core.RedisURI;

/**
 * {@code redis-sentinel://host:port,host:port/masterName}: the Sentinels to ask and the name of the
 * primary they watch. Lettuce asks a Sentinel for the primary's address on every (re)connect, so a
 * connection lost in a failover comes back to the promoted replica. Lettuce's own form, with the
 * name after {@code #} (and a password or database), is passed through as it is.
 */
final class SentinelUrl {

  private static final String SCHEME = "redis-sentinel://";
  private static final int DEFAULT_SENTINEL_PORT = 26379;

  private SentinelUrl() {}

  static boolean isSentinel(String url) {
    return url.startsWith(SCHEME);
  }

  static RedisURI parse(String url) {
    if (url.contains("#")) {
      return RedisURI.create(url);
    }
    String rest = url.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String masterName = slash < 0 ? "" : rest.substring(slash + 1).trim();
    if (masterName.isEmpty() || masterName.contains("/")) {
      throw new IllegalArgumentException("REDIS_URL: a Sentinel URL names its primary after the hosts, "
          + "as in redis-sentinel://host:26379,host:26380/mymaster");
    }
    RedisURI.Builder builder = null;
    for (String hostPort : rest.substring(0, slash).split(",")) {
      String trimmed = hostPort.trim();
      int colon = trimmed.lastIndexOf(':');
      String host = colon < 0 ? trimmed : trimmed.substring(0, colon);
      int port = colon < 0 ? DEFAULT_SENTINEL_PORT : port(trimmed.substring(colon + 1));
      builder = builder == null ? RedisURI.Builder.sentinel(host, port, masterName) : builder.withSentinel(host, port);
    }
    return builder.build();
  }

  private static int port(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("REDIS_URL: '" + text + "' is not a Sentinel port");
    }
  }
}
