package org.crmhub.hub.auth;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/** A staff account as stored; {@link #toJson()} is what anyone may see of it (never the hash). */
public record StaffUser(String username, String name, Role role, boolean disabled, String createdAt,
    String passwordHash) {

  /** The stored hash, or null when there is no such user. */
  static StaffUser ofStored(Map<String, String> fields) {
    if (fields.isEmpty()) {
      return null;
    }
    return new StaffUser(fields.get("username"), fields.get("name"), Role.fromWireName(fields.get("role")),
        "true".equals(fields.get("disabled")), fields.get("createdAt"), fields.get("passwordHash"));
  }

  public JsonObject toJson() {
    JsonObject view = new JsonObject()
        .put("username", username)
        .put("role", role == null ? null : role.wireName())
        .put("disabled", disabled)
        .put("createdAt", createdAt);
    if (name != null) {
      view.put("name", name);
    }
    return view;
  }
}
