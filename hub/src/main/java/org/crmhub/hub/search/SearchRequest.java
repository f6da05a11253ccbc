package org.crmhub.hub.search;

/**
 * One search: the user's text, the filters and the page wanted.
 *
 * @param after where the previous page ended, or null for the first page
 */
public record SearchRequest(String q, SearchFilters filters, int limit, SearchCursor after) {}
