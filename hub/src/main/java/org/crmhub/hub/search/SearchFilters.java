package org.crmhub.hub.search;

import java.time.Instant;

/**
 * A search's filters, each null for any. {@code assignee} {@code none} means unassigned, as in the
 * inbox; {@code from} and {@code to} bound the time received, both ends included.
 *
 * @param sentiment the message's own label (as corrected), not the conversation's
 * @param author {@code customer} or {@code staff}
 * @param kind {@code message} (a customer's), {@code reply} or {@code note}
 * @param withoutNotes leave internal notes out (what a customer may see)
 */
public record SearchFilters(String channel, String customerId, String status, String sentiment, String assignee,
    String tag, String author, String kind, Instant from, Instant to, boolean withoutNotes) {

  /** No filter at all. */
  public static final SearchFilters NONE = new SearchFilters(null, null, null, null, null, null, null, null, null, null, false);
}
