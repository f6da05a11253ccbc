package org.crmhub.hub.search;

import java.time.Instant;

/**
 * One search: the user's text, optional filters (null: any) and the page wanted.
 *
 * @param after where the previous page ended, or null for the first page
 */
public record SearchRequest(String q, String channel, String customerId, Instant from, Instant to, int limit,
    SearchCursor after) {}
