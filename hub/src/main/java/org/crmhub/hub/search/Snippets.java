package org.crmhub.hub.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.apache.lucene.analysis.Analyzer;

/**
 * A plain-text excerpt of a hit around its first match, with the matched words as character
 * ranges into the excerpt (UTF-16 code units, end exclusive: what a browser's string indexes
 * count). No markup is ever added, so the excerpt is shown as text and the ranges marked by the UI.
 */
final class Snippets {

  static final int MAX_LENGTH = 240;
  /** How much of the text before the first match the excerpt keeps. */
  private static final int LEAD = 60;
  private static final String ELLIPSIS = "…";

  /** A marked range of the snippet. */
  record Range(int start, int end) {}

  record Snippet(String text, List<Range> highlights) {}

  private final Analyzer analyzer;

  Snippets(Analyzer analyzer) {
    this.analyzer = analyzer;
  }

  Snippet of(String source, SearchQueries.Built query) {
    if (source == null) {
      return new Snippet("", List.of());
    }
    List<Range> matches = new ArrayList<>();
    matches.addAll(matches(SearchSchema.ENGLISH, source, query.englishTerms()::contains));
    matches.addAll(matches(SearchSchema.WORDS, source,
        term -> query.words().contains(term) || query.prefixes().stream().anyMatch(term::startsWith)));
    List<Range> merged = merge(matches);
    if (source.length() <= MAX_LENGTH) {
      return new Snippet(source, merged);
    }
    int start = merged.isEmpty() ? 0 : Math.max(0, merged.get(0).start() - LEAD);
    start = notInsidePair(source, start);
    int end = notInsidePair(source, Math.min(source.length(), start + MAX_LENGTH));
    String lead = start > 0 ? ELLIPSIS : "";
    String excerpt = lead + source.substring(start, end) + (end < source.length() ? ELLIPSIS : "");
    int shift = lead.length() - start;
    List<Range> inside = new ArrayList<>();
    for (Range range : merged) {
      if (range.start() >= start && range.end() <= end) {
        inside.add(new Range(range.start() + shift, range.end() + shift));
      }
    }
    return new Snippet(excerpt, inside);
  }

  /** Moves a cut off the middle of a surrogate pair. */
  private static int notInsidePair(String text, int index) {
    return index > 0 && index < text.length() && Character.isLowSurrogate(text.charAt(index)) ? index - 1 : index;
  }

  private List<Range> matches(String field, String source, Predicate<String> wanted) {
    List<Range> found = new ArrayList<>();
    Tokens.each(analyzer, field, source, (term, start, end) -> {
      if (wanted.test(term)) {
        found.add(new Range(start, end));
      }
    });
    return found;
  }

  private static List<Range> merge(List<Range> ranges) {
    List<Range> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingInt(Range::start).thenComparingInt(Range::end));
    List<Range> merged = new ArrayList<>();
    for (Range range : sorted) {
      Range last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && range.start() <= last.end()) {
        merged.set(merged.size() - 1, new Range(last.start(), Math.max(last.end(), range.end())));
      } else {
        merged.add(range);
      }
    }
    return merged;
  }
}
