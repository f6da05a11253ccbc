package org.crmhub.hub.audit;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One access to personal data, as the audit trail keeps it: ids and names of staff, never what a
 * customer wrote or who they are (no message text, email address, phone number or name). The time
 * is the entry's own, given by Redis when it is appended.
 *
 * @param actor the principal's actor name ({@code staff:ann}, {@code api-key:ID})
 * @param customerId the customer whose data it was, when known; null otherwise
 * @param clientAddress the caller's address as the connection shows it
 * @param detail a short note that carries no personal data (e.g. the other customer of a merge); null for none
 */
public record AuditEntry(AuditAction action, String actor, AuditTarget target, String targetId, String customerId,
    String clientAddress, String detail) {

  /** Long enough for a note naming ids, too short to hide a message in. */
  public static final int MAX_DETAIL_LENGTH = 200;

  static final String ACTION = "action";
  static final String ACTOR = "actor";
  static final String TARGET_TYPE = "targetType";
  static final String TARGET_ID = "targetId";
  static final String CUSTOMER_ID = "customerId";
  static final String CLIENT_ADDRESS = "clientAddress";
  static final String DETAIL = "detail";

  public AuditEntry {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(targetId, "targetId");
    Objects.requireNonNull(clientAddress, "clientAddress");
    if (detail != null && detail.length() > MAX_DETAIL_LENGTH) {
      throw new IllegalArgumentException("an audit detail is a short note of at most " + MAX_DETAIL_LENGTH
          + " characters");
    }
  }

  /** The stream entry's fields; absent values are left out. */
  Map<String, String> fields() {
    Map<String, String> fields = new HashMap<>();
    fields.put(ACTION, action.wireName());
    fields.put(ACTOR, actor);
    fields.put(TARGET_TYPE, target.wireName());
    fields.put(TARGET_ID, targetId);
    fields.put(CLIENT_ADDRESS, clientAddress);
    if (customerId != null) {
      fields.put(CUSTOMER_ID, customerId);
    }
    if (detail != null) {
      fields.put(DETAIL, detail);
    }
    return fields;
  }
}
