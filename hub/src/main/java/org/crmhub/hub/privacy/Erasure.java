package org.crmhub.hub.privacy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.crmhub.hub.JsonFields;

/**
 * What is kept of an erasure: who asked, when, why, and what was removed. It holds no personal
 * data (the customer id is the hub's own opaque id), so it outlives the erasure.
 *
 * @param kind {@code customer}: a customer and everything about them; {@code retention}: closed
 *     conversations past the retention period (no customer id), customers left with nothing are
 *     then erased by jobs of their own
 * @param status {@code pending} until every step has run, then {@code completed}
 * @param erased counts of what was removed, by kind (empty while pending)
 */
public record Erasure(String id, String kind, String customerId, String actor, String reason, String requestedAt,
    String status, String completedAt, Map<String, Long> erased) {

  public static final String CUSTOMER = "customer";
  public static final String RETENTION = "retention";
  public static final String PENDING = "pending";
  public static final String COMPLETED = "completed";
  /** Stored counts are fields named by this and the kind. */
  static final String COUNT_PREFIX = "n:";

  static Erasure ofStored(Map<String, String> fields) {
    if (fields == null || fields.isEmpty()) {
      return null;
    }
    Map<String, Long> counts = new java.util.TreeMap<>();
    fields.forEach((field, value) -> {
      if (field.startsWith(COUNT_PREFIX)) {
        counts.put(field.substring(COUNT_PREFIX.length()), Long.parseLong(value));
      }
    });
    return new Erasure(fields.get("id"), fields.getOrDefault("kind", CUSTOMER), fields.get("customerId"), fields.get("actor"), fields.get("reason"),
        fields.get("requestedAt"), fields.get("status"), fields.get("completedAt"), counts);
  }

  public boolean ofRetention() {
    return RETENTION.equals(kind);
  }

  public boolean pending() {
    return PENDING.equals(status);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("id", id)
        .put("kind", kind)
        .put("actor", actor)
        .put("reason", reason)
        .put("requestedAt", requestedAt)
        .put("status", status);
    JsonFields.putIfPresent(json, "customerId", customerId);
    JsonFields.putIfPresent(json, "completedAt", completedAt);
    if (!erased.isEmpty()) {
      JsonObject counts = new JsonObject();
      erased.forEach(counts::put);
      json.put("erased", counts);
    }
    return json;
  }
}
