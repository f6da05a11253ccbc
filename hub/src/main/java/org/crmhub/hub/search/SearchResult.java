package org.crmhub.hub.search;

import java.time.Instant;
import java.util.List;

/** One message found, with a plain-text excerpt and the matched ranges in it. */
public record SearchResult(String conversationId, String messageId, String customerId, String customerName,
    String channel, String subject, Instant at, String snippet, List<Highlight> highlights) {

  /** Characters {@code start} (inclusive) to {@code end} (exclusive) of the snippet, in UTF-16 code units. */
  public record Highlight(int start, int end) {}

  /** One page of results; {@code next} is null on the last page. */
  public record Page(List<SearchResult> items, SearchCursor next) {}
}
