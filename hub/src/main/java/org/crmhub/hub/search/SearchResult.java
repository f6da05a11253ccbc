package org.crmhub.hub.search;

import java.time.Instant;
import java.util.List;

/**
 * One message found, with a plain-text excerpt and the matched ranges in it.
 *
 * @param author {@code customer} or {@code staff}
 * @param kind {@code message} (a customer's), {@code reply} or {@code note}
 * @param sentBy who on staff wrote a reply or note; null for a customer's message
 * @param assignee null when nobody is assigned
 * @param sentiment the message's label; null for staff messages and unscored ones
 */
public record SearchResult(String conversationId, String messageId, String customerId, String customerName,
    String channel, String subject, Instant at, String author, String kind, String sentBy, String status,
    List<String> tags, String assignee, String sentiment, String snippet, List<Highlight> highlights) {

  /** Characters {@code start} (inclusive) to {@code end} (exclusive) of the snippet, in UTF-16 code units. */
  public record Highlight(int start, int end) {}

  /** One page of results; {@code next} is null on the last page. */
  public record Page(List<SearchResult> items, SearchCursor next) {}
}
