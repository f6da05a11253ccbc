package org.crmhub.hub.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crmhub.hub.testing.TestDirectories;
import org.junit.jupiter.api.Test;

/**
 * Which conversations must be written again because their documents hold other facts: right
 * whether the answer comes from the index or from what the index remembers it wrote, through a
 * change of facts, a partial write with the new ones, a full rewrite, an erasure and a rebuild
 * writing facts it read earlier.
 */
class SearchIndexOutdatedTest {

  private static final ConversationFacts OPEN = new ConversationFacts("cus_1", "Ann", "open", List.of(), null);
  private static final ConversationFacts CLOSED = new ConversationFacts("cus_1", "Ann", "closed", List.of(), null);

  private static MessageDocument message(String id, ConversationFacts facts) {
    return new MessageDocument(id, "conv_1", facts, "email", "subject", "text of " + id, null, "email:ann@x.org",
        MessageDocument.Author.CUSTOMER, MessageDocument.Kind.MESSAGE, null, "neutral",
        Instant.parse("2026-12-01T10:00:00Z"));
  }

  private static Set<String> outdated(SearchIndex index, ConversationFacts facts) throws Exception {
    return index.outdated(Map.of("conv_1", facts.state()));
  }

  @Test
  void aConversationIsOutdatedExactlyWhileADocumentHoldsOtherFacts() throws Exception {
    try (SearchIndex index = SearchIndex.open(TestDirectories.create("index-outdated"), SearchSchema.analyzer())) {
      assertEquals(Set.of(), outdated(index, OPEN), "nothing written yet");
      index.put(List.of(message("msg_1", OPEN), message("msg_2", OPEN)), "1-0");
      assertEquals(Set.of(), outdated(index, OPEN));
      assertEquals(Set.of(), outdated(index, OPEN), "asked again, answered from what was written");
      assertEquals(Set.of("conv_1"), outdated(index, CLOSED), "closed since");

      // a new message written with the new facts before the rewrite: the others still hold the old ones
      index.put(List.of(message("msg_3", CLOSED)), "2-0");
      assertEquals(Set.of("conv_1"), outdated(index, CLOSED));
      assertEquals(Set.of("conv_1"), outdated(index, OPEN));
      index.put(List.of(message("msg_1", CLOSED), message("msg_2", CLOSED)), "2-0");
      assertEquals(Set.of(), outdated(index, CLOSED), "rewritten");
      assertEquals(Set.of(), outdated(index, CLOSED));

      // a rebuild writes what it read before the conversation was closed
      index.startRebuild(1);
      index.put(List.of(message("msg_2", OPEN)), null);
      assertEquals(Set.of("conv_1"), outdated(index, CLOSED));
      index.put(List.of(message("msg_2", CLOSED)), null);
      index.finishRebuild(1, Instant.now(), 1);
      assertEquals(Set.of(), outdated(index, CLOSED));

      index.erase(Set.of("conv_1"));
      assertEquals(Set.of(), outdated(index, OPEN), "erased: nothing holds other facts");
      index.put(List.of(message("msg_4", OPEN)), "3-0");
      assertEquals(Set.of(), outdated(index, OPEN));
      assertEquals(Set.of("conv_1"), outdated(index, CLOSED));
    }
  }
}
