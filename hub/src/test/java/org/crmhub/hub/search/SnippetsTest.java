package org.crmhub.hub.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SnippetsTest {

  private final SearchQueries queries = new SearchQueries(SearchSchema.analyzer());
  private final Snippets snippets = new Snippets(SearchSchema.analyzer());

  private List<String> marked(String text, String q) {
    SearchQueries.Built query = queries.build(new SearchRequest(q, SearchFilters.NONE, 25, null));
    Snippets.Snippet snippet = snippets.of(text, query);
    assertTrue(snippet.text().length() <= Snippets.MAX_LENGTH + 2, snippet.text());
    return snippet.highlights().stream().map(range -> snippet.text().substring(range.start(), range.end())).toList();
  }

  @Test
  void marksStemsPrefixesAndPhraseWordsAsRangesOfThePlainText() {
    assertEquals(List.of("Refunds", "delivery"), marked("Refunds <b>for</b> a late delivery", "refund deliv*"));
    assertEquals(List.of("still", "waiting"), marked("I am still waiting.", "\"still waiting\""));
    assertEquals(List.of("here"), marked("nothing here", "-nothing here"), "an excluded word is not marked");
  }

  @Test
  void aLongTextIsCutAroundTheFirstMatchKeepingRangesAndSurrogatePairsWhole() {
    String text = "🙂".repeat(300) + " the parcel never arrived " + "x ".repeat(300);
    List<String> marked = marked(text, "parcel");
    assertEquals(List.of("parcel"), marked);
    SearchQueries.Built query = queries.build(new SearchRequest("parcel", SearchFilters.NONE, 25, null));
    String snippet = snippets.of(text, query).text();
    assertTrue(snippet.startsWith("…") && snippet.endsWith("…"), snippet);
    assertTrue(!Character.isLowSurrogate(snippet.charAt(1)), "no half of a pair at the cut");
  }
}
