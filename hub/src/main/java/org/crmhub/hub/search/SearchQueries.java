package org.crmhub.hub.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.crmhub.connector.IdentityType;
import org.crmhub.hub.failure.Invalid;

/**
 * Turns a {@link UserQuery} and the filters into a Lucene query, term by term (the user's text is
 * only ever analysed, never parsed as Lucene syntax), and notes the terms that matched so the
 * snippet can mark them.
 */
final class SearchQueries {

  /** The query, and the analysed terms and prefixes of its positive clauses, per field. */
  record Built(Query query, Set<String> englishTerms, Set<String> words, Set<String> prefixes) {}

  private static final Set<String> IDENTITY_TYPES = Arrays.stream(IdentityType.values())
      .map(IdentityType::wireName).collect(Collectors.toUnmodifiableSet());

  private final Analyzer analyzer;

  SearchQueries(Analyzer analyzer) {
    this.analyzer = analyzer;
  }

  /** @throws Invalid when nothing in {@code q} can be searched for (only exclusions, or no word at all) */
  Built build(SearchRequest request) {
    Set<String> englishTerms = new HashSet<>();
    Set<String> words = new HashSet<>();
    Set<String> prefixes = new HashSet<>();
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    boolean anyPositive = false;
    for (UserQuery.Clause clause : UserQuery.parse(request.q()).clauses()) {
      Query matching = clause.kind() == UserQuery.Kind.FROM ? sender(clause.text())
          : clause.kind() == UserQuery.Kind.PREFIX
          ? prefix(clause.text(), clause.excluded() ? new HashSet<>() : prefixes)
          : either(field(SearchSchema.ENGLISH, clause.text(), clause.excluded() ? new HashSet<>() : englishTerms),
              field(SearchSchema.WORDS, clause.text(), clause.excluded() ? new HashSet<>() : words));
      if (matching == null) {
        continue;
      }
      all.add(matching, clause.excluded() ? Occur.MUST_NOT : Occur.MUST);
      anyPositive |= !clause.excluded();
    }
    if (!anyPositive) {
      throw new Invalid("q", "the query has no word to look for (only exclusions, or only punctuation)");
    }
    SearchFilters filters = request.filters();
    filter(all, SearchSchema.CHANNEL, filters.channel());
    filter(all, SearchSchema.CUSTOMER_ID, filters.customerId());
    filter(all, SearchSchema.STATUS, filters.status());
    filter(all, SearchSchema.SENTIMENT, filters.sentiment());
    filter(all, SearchSchema.ASSIGNEE, filters.assignee());
    filter(all, SearchSchema.TAG, filters.tag());
    filter(all, SearchSchema.AUTHOR, filters.author());
    filter(all, SearchSchema.KIND, filters.kind());
    if (filters.withoutNotes()) {
      all.add(new TermQuery(new Term(SearchSchema.KIND, MessageDocument.Kind.NOTE.wireName())), Occur.MUST_NOT);
    }
    if (filters.from() != null || filters.to() != null) {
      long from = filters.from() == null ? Long.MIN_VALUE : filters.from().toEpochMilli();
      long to = filters.to() == null ? Long.MAX_VALUE : filters.to().toEpochMilli();
      all.add(LongPoint.newRangeQuery(SearchSchema.AT, from, to), Occur.FILTER);
    }
    return new Built(all.build(), englishTerms, words, prefixes);
  }

  private static void filter(BooleanQuery.Builder all, String field, String value) {
    if (value != null) {
      all.add(new TermQuery(new Term(field, value)), Occur.FILTER);
    }
  }

  /**
   * Messages whose sender's identity is exactly {@code value}, case aside; an identity key
   * ({@code email:ann@example.com}) is taken as its value.
   */
  private static Query sender(String value) {
    String identity = value.strip().toLowerCase(Locale.ROOT);
    int colon = identity.indexOf(':');
    if (colon > 0 && IDENTITY_TYPES.contains(identity.substring(0, colon))) {
      identity = identity.substring(colon + 1);
    }
    return identity.isEmpty() ? null : new TermQuery(new Term(SearchSchema.FROM, identity));
  }

  /** Either field's query; null when neither has a term (e.g. an English stop word alone has one). */
  private static Query either(Query english, Query words) {
    if (english == null || words == null) {
      return english != null ? english : words;
    }
    return new BooleanQuery.Builder().add(english, Occur.SHOULD).add(words, Occur.SHOULD).build();
  }

  /** One term, or a phrase when the text analyses to several ("e-mail", {@code "a phrase"}). */
  private Query field(String field, String text, Set<String> noted) {
    List<String> terms = terms(field, text);
    noted.addAll(terms);
    if (terms.isEmpty()) {
      return null;
    }
    if (terms.size() == 1) {
      return new TermQuery(new Term(field, terms.get(0)));
    }
    return new PhraseQuery(field, terms.toArray(String[]::new));
  }

  /**
   * Prefixes are matched unstemmed: a stem would cut the prefix the user typed. One of the lengths
   * the index keeps is a single term; another is expanded into the words that start so.
   */
  private Query prefix(String text, Set<String> noted) {
    BytesRef normalized = analyzer.normalize(SearchSchema.WORDS, text);
    String prefix = normalized.utf8ToString();
    if (prefix.isBlank()) {
      return null;
    }
    noted.add(prefix);
    int length = prefix.codePointCount(0, prefix.length());
    return length >= SearchSchema.MIN_PREFIX && length <= SearchSchema.MAX_PREFIX
        ? new TermQuery(new Term(SearchSchema.PREFIXES, prefix))
        : new PrefixQuery(new Term(SearchSchema.WORDS, prefix));
  }

  private List<String> terms(String field, String text) {
    List<String> terms = new ArrayList<>();
    Tokens.each(analyzer, field, text, (term, start, end) -> terms.add(term));
    return terms;
  }
}
