package org.crmhub.hub.redis;

import io.lettuce.core.SetArgs;
import io.vertx.core.Future;
import java.time.Duration;

/** String-value commands that need Lettuce's argument types, kept in this package. */
public final class Strings {

  private Strings() {}

  /** SET NX PX: stores the value for {@code ttl} unless the key exists; whether it stored it. */
  public static Future<Boolean> setIfAbsent(Redis redis, String key, String value, Duration ttl) {
    return redis.call(c -> c.set(key, value, SetArgs.Builder.nx().px(ttl.toMillis()))).map(reply -> reply != null);
  }
}
