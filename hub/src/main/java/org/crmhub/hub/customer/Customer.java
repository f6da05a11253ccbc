package org.crmhub.hub.customer;

import java.util.Map;

/** A customer record as stored, its hash fields read with their meaning. */
public record Customer(String id, Map<String, String> fields) {

  public Customer {
    fields = Map.copyOf(fields);
  }

  /** The stored customer, or null for the empty hash Redis answers for an unknown key. */
  static Customer ofStored(String id, Map<String, String> fields) {
    return fields == null || fields.isEmpty() ? null : new Customer(id, fields);
  }

  /** Null while no contact has told a name. */
  public String name() {
    return fields.get("name");
  }

  public String createdAt() {
    return fields.get("createdAt");
  }

  /** The customer this record was merged into, or null while it stands on its own. */
  public String mergedInto() {
    return fields.get("mergedInto");
  }

  public boolean mergedAway() {
    return mergedInto() != null;
  }
}
