package org.crmhub.connector;

import io.vertx.core.json.JsonObject;

/** Reading a connector's settings section, where a blank value means the setting is not given. */
public final class ConnectorSettings {

  private ConnectorSettings() {}

  /** {@code base} with every non-null value of {@code overrides} put over it; {@code base} is left as it was. */
  public static JsonObject overlay(JsonObject base, JsonObject overrides) {
    JsonObject merged = base == null ? new JsonObject() : base.copy();
    overrides.forEach(entry -> {
      if (entry.getValue() != null) {
        merged.put(entry.getKey(), entry.getValue());
      }
    });
    return merged;
  }

  /** The setting's text, or null when it is absent or blank (a channels file's {@code key: ""}). */
  public static String optionalText(JsonObject settings, String key) {
    String value = settings.getString(key);
    return value == null || value.isBlank() ? null : value;
  }
}
