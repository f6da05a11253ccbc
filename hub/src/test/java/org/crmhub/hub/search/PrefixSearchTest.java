package org.crmhub.hub.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.crmhub.hub.testing.TestDirectories;
import org.junit.jupiter.api.Test;

/**
 * A prefix the index keeps as a term of its own finds exactly what expanding it into the words
 * that start so finds: upper case, letters outside ASCII, words shorter and longer than the kept
 * prefixes, a word that is the prefix itself.
 */
class PrefixSearchTest {

  private static final List<String> TEXTS = List.of("Refund please", "the REFUNDS arrived", "re-sent twice",
      "über Rückerstattung gefragt", "a refurbished blender", "ref", "Überweisung", "mr Ré", "x y z",
      "réfrigérateur cassé", "refundable fee");

  private static MessageDocument message(int i) {
    return new MessageDocument("msg_" + i, "conv_" + i, new ConversationFacts("cus_1", "Ann", "open", List.of(), null),
        "email", null, TEXTS.get(i), null, "email:ann@example.com", MessageDocument.Author.CUSTOMER,
        MessageDocument.Kind.MESSAGE, null, "neutral", Instant.parse("2026-12-01T10:00:00Z").plusSeconds(i));
  }

  private static List<String> found(SearchIndex index, Query query) throws Exception {
    return index.search(query, 100, null).stream().map(SearchIndex.Hit::messageId).sorted().toList();
  }

  @Test
  void aKeptPrefixFindsWhatTheExpandedPrefixFinds() throws Exception {
    SearchQueries queries = new SearchQueries(SearchSchema.analyzer());
    try (SearchIndex index = SearchIndex.open(TestDirectories.create("prefixes"), SearchSchema.analyzer())) {
      for (int i = 0; i < TEXTS.size(); i++) {
        index.put(List.of(message(i)), null);
      }
      index.refresh();
      int nonEmpty = 0;
      for (String typed : List.of("r", "re", "RE", "ref", "refu", "refun", "refund", "refunds", "üb", "Über", "rü",
          "ré", "réf", "réfri", "xy", "bl", "blende")) {
        Query built = queries.build(new SearchRequest(typed + "*", SearchFilters.NONE, 100, null)).query();
        String normalized = SearchSchema.analyzer().normalize(SearchSchema.WORDS, typed).utf8ToString();
        List<String> expected = found(index, new PrefixQuery(new Term(SearchSchema.WORDS, normalized)));
        assertEquals(expected, found(index, built), typed + "*");
        nonEmpty += expected.isEmpty() ? 0 : 1;
      }
      assertFalse(nonEmpty < 12, nonEmpty + " prefixes found something: the comparison says little");
    }
  }
}
