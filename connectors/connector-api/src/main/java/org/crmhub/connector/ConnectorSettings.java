package org.crmhub.connector;

import io.vertx.core.json.JsonObject;

/** Reading a connector's settings section, where a blank value means the setting is not given. */
public final class ConnectorSettings {

  private ConnectorSettings() {}

  /** The setting's text, or null when it is absent or blank (a channels file's {@code key: ""}). */
  public static String optionalText(JsonObject settings, String key) {
    String value = settings.getString(key);
    return value == null || value.isBlank() ? null : value;
  }
}
