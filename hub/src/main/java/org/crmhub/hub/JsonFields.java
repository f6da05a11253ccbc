package org.crmhub.hub;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Small helpers for building API and storage JSON. */
public final class JsonFields {

  private JsonFields() {}

  /** Puts the value unless it is null or empty, so optional fields are absent rather than blank. */
  public static JsonObject putIfPresent(JsonObject json, String field, String value) {
    if (value != null && !value.isEmpty()) {
      json.put(field, value);
    }
    return json;
  }

  /**
   * A copy without null members, at any depth: absent, as the REST API leaves them, since the
   * contract types such fields as plain strings.
   */
  public static JsonObject withoutNulls(JsonObject json) {
    JsonObject copy = new JsonObject();
    json.forEach(entry -> {
      if (entry.getValue() != null) {
        copy.put(entry.getKey(), withoutNullMembers(entry.getValue()));
      }
    });
    return copy;
  }

  private static Object withoutNullMembers(Object value) {
    if (value instanceof JsonObject object) {
      return withoutNulls(object);
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(item -> copy.add(withoutNullMembers(item)));
      return copy;
    }
    return value;
  }
}
