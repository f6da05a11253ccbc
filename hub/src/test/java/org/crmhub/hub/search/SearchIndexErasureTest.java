package org.crmhub.hub.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Terms;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.crmhub.hub.testing.FileBytes;
import org.crmhub.hub.testing.TestDirectories;
import org.junit.jupiter.api.Test;

/**
 * An erasure leaves no file of the index holding the erased conversation's words, even when the
 * index's own merges are rewriting the segments that held them as it runs: many small segments are
 * written just before each erasure, so the merge policy has merges under way. Checked through
 * Lucene (no term, no deleted document, no file the last commit does not name) as well as by bytes,
 * which compression could hide.
 */
class SearchIndexErasureTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int ROUNDS = 8;
  /** More segments than a tier of the merge policy holds, so merges start. */
  private static final int SEGMENTS_PER_ROUND = 12;

  private static String token() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return "zt" + HexFormat.of().formatHex(bytes);
  }

  private static MessageDocument message(String conversationId, String word) {
    return new MessageDocument("msg_" + word, conversationId,
        new ConversationFacts("cus_" + conversationId, "Ann", "open", List.of(), null), "email", "subject",
        "text with " + word, null, "email:ann@x.org", MessageDocument.Author.CUSTOMER, MessageDocument.Kind.MESSAGE,
        null, "neutral", Instant.parse("2026-12-01T10:00:00Z"));
  }

  @Test
  void noFileKeepsAnErasedConversationsWordsWhileMergesRun() throws Exception {
    Path folder = TestDirectories.create("index-erasure");
    try (SearchIndex index = SearchIndex.open(folder, SearchSchema.analyzer())) {
      for (int round = 0; round < ROUNDS; round++) {
        String erasedConversation = "conv_erased_" + round;
        List<String> erased = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (int segment = 0; segment < SEGMENTS_PER_ROUND; segment++) {
          String gone = token();
          String stays = token();
          erased.add(gone);
          kept.add(stays);
          index.put(List.of(message(erasedConversation, gone), message("conv_kept", stays)), round + "-" + segment);
          // each refresh flushes a segment of its own
          index.refresh();
        }
        index.commit();
        assertEquals(erased, indexedOnDisk(folder, erased), "written before the erasure, round " + round);

        index.erase(Set.of(erasedConversation));

        // the committed index holds none of them, not even as deleted documents, and no file outside it is left
        assertEquals(List.of(), filesOutsideTheCommit(folder), "round " + round);
        assertEquals(List.of(), indexedOnDisk(folder, erased), "round " + round);
        assertEquals(0, deletedDocuments(folder), "round " + round);
        assertEquals(List.of(), foundInFiles(folder, erased), "round " + round);
        assertEquals(kept, indexedOnDisk(folder, kept), "the other conversation's words stay, round " + round);
      }
      assertEquals(ROUNDS * SEGMENTS_PER_ROUND, index.size(), "the other conversation's messages stay");
    }
  }

  /** Files of the folder that the last commit does not name (the write lock aside). */
  private static List<String> filesOutsideTheCommit(Path folder) throws IOException {
    try (FSDirectory directory = FSDirectory.open(folder)) {
      List<IndexCommit> commits = DirectoryReader.listCommits(directory);
      Collection<String> named = commits.get(commits.size() - 1).getFileNames();
      return Arrays.stream(directory.listAll())
          .filter(file -> !file.equals(IndexWriter.WRITE_LOCK_NAME) && !named.contains(file)).toList();
    }
  }

  private static int deletedDocuments(Path folder) throws IOException {
    try (FSDirectory directory = FSDirectory.open(folder); DirectoryReader reader = DirectoryReader.open(directory)) {
      return reader.numDeletedDocs();
    }
  }

  /** Which of the words a term of some field of the last commit is (live or deleted documents alike). */
  private static List<String> indexedOnDisk(Path folder, List<String> words) throws IOException {
    List<String> found = new ArrayList<>();
    try (FSDirectory directory = FSDirectory.open(folder); DirectoryReader reader = DirectoryReader.open(directory)) {
      for (String word : words) {
        if (indexed(reader, new BytesRef(word))) {
          found.add(word);
        }
      }
    }
    return found;
  }

  private static boolean indexed(DirectoryReader reader, BytesRef word) throws IOException {
    for (LeafReaderContext leaf : reader.leaves()) {
      for (FieldInfo field : leaf.reader().getFieldInfos()) {
        Terms terms = leaf.reader().terms(field.name);
        if (terms != null && terms.iterator().seekExact(word)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Which of the words some file in the folder holds as UTF-8 bytes (compression may hide a word kept). */
  private static List<String> foundInFiles(Path folder, List<String> words) throws IOException {
    List<byte[]> files = new ArrayList<>();
    try (Stream<Path> listed = Files.list(folder)) {
      for (Path file : listed.filter(Files::isRegularFile).toList()) {
        files.add(Files.readAllBytes(file));
      }
    }
    List<String> found = new ArrayList<>();
    for (String word : words) {
      if (files.stream().anyMatch(bytes -> FileBytes.holds(bytes, word))) {
        found.add(word);
      }
    }
    return found;
  }
}
