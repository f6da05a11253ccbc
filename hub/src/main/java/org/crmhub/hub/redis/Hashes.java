package org.crmhub.hub.redis;

import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hash commands whose replies are Lettuce types, answered as plain values. */
public final class Hashes {

  private Hashes() {}

  /** HMGET: the values of these fields in their order, null where a field is missing. */
  public static Future<List<String>> values(Redis redis, String key, List<String> fields) {
    return redis.call(c -> c.hmget(key, fields.toArray(String[]::new)))
        .map(pairs -> pairs.stream().map(pair -> pair.getValueOrElse(null)).toList());
  }

  /** A hash as a script answers HGETALL (field, value, field, value…), as fields by name in their order. */
  public static Map<String, String> fieldsOf(List<?> flatReply) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i + 1 < flatReply.size(); i += 2) {
      fields.put(String.valueOf(flatReply.get(i)), String.valueOf(flatReply.get(i + 1)));
    }
    return fields;
  }
}
