package org.crmhub.hub.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.crmhub.hub.testing.TestDirectories;
import org.junit.jupiter.api.Test;

/**
 * A rebuild in place: what it rewrote (and what the feed wrote meanwhile) stays, what it did not
 * rewrite is dropped at the end, and the generation and the rebuild's time survive a reopen. A new
 * index for a stopped hub leaves the old one as it was until it is committed, and is refused while
 * the index is open.
 */
class SearchIndexRebuildInPlaceTest {

  private static MessageDocument message(String id) {
    return new MessageDocument(id, "conv_1", new ConversationFacts("cus_1", "Ann", "open", List.of(), null), "email",
        "subject", "text of " + id, null, "email:ann@x.org", MessageDocument.Author.CUSTOMER, MessageDocument.Kind.MESSAGE,
        null, "neutral", Instant.parse("2026-12-01T10:00:00Z"));
  }

  private static List<String> ids(SearchIndex index) throws Exception {
    index.refresh();
    return index.search(new MatchAllDocsQuery(), 100, null).stream().map(SearchIndex.Hit::messageId).sorted().toList();
  }

  @Test
  void whatTheRebuildDidNotRewriteIsDroppedAtTheEnd() throws Exception {
    Path folder = TestDirectories.create("index-in-place");
    try (SearchIndex index = SearchIndex.open(folder, SearchSchema.analyzer())) {
      index.put(List.of(message("msg_kept"), message("msg_gone")), "1-0");
      index.commit();
      index.startRebuild(4);
      index.put(List.of(message("msg_kept")), null);
      index.put(List.of(message("msg_fed")), "2-0");
      assertEquals(List.of("msg_fed", "msg_gone", "msg_kept"), ids(index), "searches see the old index meanwhile");
      index.finishRebuild(4, Instant.parse("2026-12-06T12:00:00Z"), 1234);
      index.commit();
      assertEquals(List.of("msg_fed", "msg_kept"), ids(index));
    }
    try (SearchIndex reopened = SearchIndex.open(folder, SearchSchema.analyzer())) {
      assertEquals(4, reopened.generation());
      assertEquals(new SearchIndex.LastRebuild(Instant.parse("2026-12-06T12:00:00Z"), 1234), reopened.lastRebuild());
      assertEquals("2-0", reopened.position());
      assertEquals(List.of("msg_fed", "msg_kept"), ids(reopened));
    }
  }

  @Test
  void aNewIndexLeavesTheOldOneUntilItIsCommitted() throws Exception {
    Path folder = TestDirectories.create("index-create");
    try (SearchIndex index = SearchIndex.open(folder, SearchSchema.analyzer())) {
      index.put(List.of(message("msg_old")), "1-0");
      assertThrows(StoppedHubRebuild.IndexInUse.class, () -> StoppedHubRebuild.open(folder));
    }
    SearchIndex abandoned = SearchIndex.create(folder, SearchSchema.analyzer());
    abandoned.put(List.of(message("msg_new")), "2-0");
    abandoned.discard();
    try (SearchIndex reopened = SearchIndex.open(folder, SearchSchema.analyzer())) {
      assertEquals(List.of("msg_old"), ids(reopened));
      assertEquals("1-0", reopened.position());
    }
  }

  @Test
  void aNewIndexReplacesOneThatCannotBeRead() throws Exception {
    Path folder = TestDirectories.create("index-unreadable");
    try (SearchIndex index = SearchIndex.open(folder, SearchSchema.analyzer())) {
      index.put(List.of(message("msg_old")), "1-0");
    }
    try (var files = Files.list(folder)) {
      for (Path file : files.filter(path -> !path.getFileName().toString().equals("write.lock")).toList()) {
        Files.writeString(file, "not a Lucene file");
      }
    }
    try (SearchIndex created = SearchIndex.create(folder, SearchSchema.analyzer())) {
      created.put(List.of(message("msg_new")), "2-0");
      assertEquals(List.of("msg_new"), ids(created));
    }
    try (SearchIndex reopened = SearchIndex.open(folder, SearchSchema.analyzer())) {
      assertEquals(List.of("msg_new"), ids(reopened));
    }
  }

  @Test
  void anIndexOfTheOlderUnsortedLayoutIsStartedAgain() throws Exception {
    Path folder = TestDirectories.create("index-older-layout");
    try (org.apache.lucene.store.FSDirectory directory = org.apache.lucene.store.FSDirectory.open(folder);
        org.apache.lucene.index.IndexWriter writer = new org.apache.lucene.index.IndexWriter(directory,
            new org.apache.lucene.index.IndexWriterConfig(SearchSchema.analyzer()))) {
      MessageDocument unsorted = message("msg_unsorted");
      writer.addDocument(SearchSchema.document(unsorted, unsorted.conversation().state()));
      writer.setLiveCommitData(java.util.Map.of(SearchIndex.POSITION, "1-0").entrySet());
      writer.commit();
    }
    try (SearchIndex reopened = SearchIndex.open(folder, SearchSchema.analyzer())) {
      assertEquals(null, reopened.position(), "it needs filling from Redis");
      assertEquals(List.of(), ids(reopened));
    }
  }
}
