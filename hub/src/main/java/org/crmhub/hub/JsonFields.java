package org.crmhub.hub;

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
}
