package org.crmhub.hub.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.hub.testing.TestDirectories;
import org.junit.jupiter.api.Test;

/**
 * The periodic refresh makes a few new messages searchable at once, and holds back under a heavy
 * write load (more written since the last refresh than {@link SearchIndex#BUSY_DOCUMENTS}) until
 * its interval is up; a search still sees everything written.
 */
class SearchIndexRefreshTest {

  private static List<MessageDocument> messages(int from, int count) {
    ConversationFacts facts = new ConversationFacts("cus_1", "Ann", "open", List.of(), null);
    List<MessageDocument> messages = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      messages.add(new MessageDocument("msg_" + i, "conv_" + (i % 7), facts, "email", "subject", "text " + i, null,
          "email:ann@x.org", MessageDocument.Author.CUSTOMER, MessageDocument.Kind.MESSAGE, null, "neutral",
          Instant.parse("2026-12-01T10:00:00Z").plusSeconds(i)));
    }
    return messages;
  }

  @Test
  void aFewMessagesAreSearchableAtOnceAHeavyLoadWaitsForTheInterval() throws Exception {
    try (SearchIndex index = SearchIndex.open(TestDirectories.create("index-refresh"), SearchSchema.analyzer())) {
      index.put(messages(0, 10), "1-0");
      index.refreshIfDue();
      assertEquals(10, index.size());

      index.put(messages(10, SearchIndex.BUSY_DOCUMENTS + 1), "2-0");
      index.refreshIfDue();
      assertEquals(10, index.size(), "refreshed a moment ago, with more than the busy threshold written since");

      assertEquals(20, index.search(new org.apache.lucene.search.MatchAllDocsQuery(), 20, null).size(),
          "a search refreshes first");
      assertEquals(SearchIndex.BUSY_DOCUMENTS + 11, index.size());
    }
  }
}
