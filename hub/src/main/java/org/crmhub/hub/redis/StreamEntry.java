package org.crmhub.hub.redis;

import java.util.Map;

/** One entry of a Redis stream: its id ({@code millis-sequence}) and its fields. */
public record StreamEntry(String id, Map<String, String> fields) {

  public StreamEntry {
    fields = fields == null ? Map.of() : Map.copyOf(fields);
  }

  public String field(String name) {
    return fields.get(name);
  }

  public String field(String name, String otherwise) {
    return fields.getOrDefault(name, otherwise);
  }

  /** When Redis appended it (the time part of the id). */
  public long appendedAtMillis() {
    return Long.parseLong(id.substring(0, id.indexOf('-')));
  }

  /** Stream ids are {@code millis-sequence}; compares them numerically. */
  public static int compareIds(String a, String b) {
    int dashA = a.indexOf('-');
    int dashB = b.indexOf('-');
    int byTime = Long.compare(Long.parseLong(a.substring(0, dashA)), Long.parseLong(b.substring(0, dashB)));
    return byTime != 0 ? byTime
        : Long.compare(Long.parseLong(a.substring(dashA + 1)), Long.parseLong(b.substring(dashB + 1)));
  }
}
