package org.crmhub.hub.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.crmhub.hub.failure.Invalid;
import org.junit.jupiter.api.Test;

class SearchQueriesTest {

  private final SearchQueries queries = new SearchQueries(SearchSchema.analyzer());

  private String query(String q) {
    return queries.build(new SearchRequest(q, SearchFilters.NONE, 25, null)).query().toString();
  }

  @Test
  void aSenderIsOneExactTermCaseAsideAndAnIdentityKeyIsItsValue() {
    assertEquals("+from:ann@example.com", query("from:ANN@Example.COM"));
    assertEquals("+from:ann@example.com", query("from:email:ann@example.com"));
    assertEquals("+from:+15551234567", query("from:+15551234567"));
    assertEquals("+from:title:x and (", query("from:\"title:x AND (\""), "never Lucene syntax");
  }

  @Test
  void aSenderAloneIsSomethingToLookForButItsExclusionAloneIsNot() {
    assertEquals("+from:ann@example.com -from:bob@example.com", query("from:ann@example.com -from:bob@example.com"));
    assertThrows(Invalid.class, () -> query("-from:bob@example.com"));
    assertThrows(Invalid.class, () -> query("from:\"\""));
  }

  @Test
  void filtersAreExactTerms() {
    SearchFilters filters = new SearchFilters(null, null, "closed", "negative", "none", "vip", "staff", "note", null,
        null, false);
    assertEquals("+(all_en:refund all_std:refund) #status:closed #sentiment:negative #assignee:none #tag:vip"
        + " #author:staff #kind:note", queries.build(new SearchRequest("refund", filters, 25, null)).query().toString());
  }

  @Test
  void aCustomersSearchLeavesNotesOutInTheQuery() {
    SearchFilters filters = new SearchFilters(null, "cu_1", null, null, null, null, null, null, null, null, true);
    assertEquals("+(all_en:refund all_std:refund) #customerId:cu_1 -kind:note",
        queries.build(new SearchRequest("refund", filters, 25, null)).query().toString());
  }
}
