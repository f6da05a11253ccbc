package org.crmhub.hub.webhooks;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A delivery as Redis keeps it: its state as a hash of a few short fields, apart from its body
 * (the payload, written once), so that an attempt or a replay rewrites a few fields and never the
 * body. In the hub a delivery is one JSON object with the body under {@code body}.
 */
final class DeliveryFields {

  static final String BODY = "body";
  /** Stored as numbers in the JSON form; every other field is a string. */
  private static final Set<String> NUMBERS = Set.of("attempts", "lastStatus");
  /** Fields a delivery has only in some states: an update that leaves one out removes it. */
  private static final List<String> OPTIONAL = List.of("lastAttemptAt", "lastStatus", "lastError", "nextAttemptAt");
  /** The fields an attempt may change; the others (ids, type, creation time) never change. */
  private static final List<String> ATTEMPT_FIELDS = List.of("status", "attempts", "lastAttemptAt", "lastStatus",
      "lastError", "nextAttemptAt");

  private DeliveryFields() {
  }

  /** The state's fields and values, alternating, for HSET: everything but the body. */
  static List<String> state(JsonObject delivery) {
    List<String> pairs = new ArrayList<>();
    delivery.forEach(entry -> {
      if (!BODY.equals(entry.getKey()) && entry.getValue() != null) {
        pairs.add(entry.getKey());
        pairs.add(String.valueOf(entry.getValue()));
      }
    });
    return pairs;
  }

  /** What an attempt changes, fields and values alternating: the status, the count and the optional fields it has. */
  static List<String> changedByAttempt(JsonObject delivery) {
    List<String> pairs = new ArrayList<>();
    for (String field : ATTEMPT_FIELDS) {
      Object value = delivery.getValue(field);
      if (value != null) {
        pairs.add(field);
        pairs.add(String.valueOf(value));
      }
    }
    return pairs;
  }

  /** The optional fields this delivery does not have, for HDEL after an update. */
  static List<String> absent(JsonObject delivery) {
    return OPTIONAL.stream().filter(field -> delivery.getValue(field) == null).toList();
  }

  /** The delivery from its stored state and body; null when no state is stored. */
  static JsonObject delivery(Map<String, String> state, String body) {
    if (state == null || state.isEmpty()) {
      return null;
    }
    JsonObject delivery = new JsonObject();
    state.forEach((field, value) -> delivery.put(field, NUMBERS.contains(field) ? parseNumber(value) : value));
    return delivery.put(BODY, body);
  }


  private static Object parseNumber(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException unreadable) {
      return value;
    }
  }
}
