package org.crmhub.hub.redis;

import io.vertx.core.Future;
import java.util.List;

/** Hash commands whose replies are Lettuce types, answered as plain values. */
public final class Hashes {

  private Hashes() {}

  /** HMGET: the values of these fields in their order, null where a field is missing. */
  public static Future<List<String>> values(Redis redis, String key, List<String> fields) {
    return redis.call(c -> c.hmget(key, fields.toArray(String[]::new)))
        .map(pairs -> pairs.stream().map(pair -> pair.getValueOrElse(null)).toList());
  }
}
