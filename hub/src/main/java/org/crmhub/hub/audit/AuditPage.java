package org.crmhub.hub.audit;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One page of the audit trail, newest first.
 *
 * @param items the entries as the API shows them
 * @param nextCursor where the next page starts; null when nothing older is left to look at. A page
 *     can hold fewer entries than asked for, even none, and still have one: each request looks at a
 *     bounded number of entries
 */
public record AuditPage(List<JsonObject> items, String nextCursor) {}
