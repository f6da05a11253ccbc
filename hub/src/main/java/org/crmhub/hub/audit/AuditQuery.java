package org.crmhub.hub.audit;

import java.time.Instant;
import org.crmhub.hub.redis.StreamEntry;

/**
 * Which entries of the audit trail to list, newest first: every filter that is not null must
 * match exactly.
 *
 * @param from entries at or after this time; null for no bound
 * @param to entries at or before this time; null for no bound
 * @param limit most entries on one page
 * @param cursor the previous page's {@code nextCursor} (a stream id: the page starts below it); null for the first page
 */
public record AuditQuery(String actor, String action, String customerId, String targetId, Instant from, Instant to,
    int limit, String cursor) {

  boolean matches(StreamEntry entry) {
    return matches(actor, entry.field(AuditEntry.ACTOR))
        && matches(action, entry.field(AuditEntry.ACTION))
        && matches(customerId, entry.field(AuditEntry.CUSTOMER_ID))
        && matches(targetId, entry.field(AuditEntry.TARGET_ID));
  }

  private static boolean matches(String wanted, String value) {
    return wanted == null || wanted.equals(value);
  }
}
