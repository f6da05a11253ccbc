package org.crmhub.hub.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/** The terms a field's analysis makes of a text, with where each came from in it. */
final class Tokens {

  /** One term and its characters {@code start} to {@code end} (exclusive) in the text. */
  interface Visitor {
    void term(String term, int start, int end);
  }

  private Tokens() {}

  static void each(Analyzer analyzer, String field, String text, Visitor visitor) {
    try (TokenStream tokens = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = tokens.addAttribute(OffsetAttribute.class);
      tokens.reset();
      while (tokens.incrementToken()) {
        visitor.term(term.toString(), offset.startOffset(), offset.endOffset());
      }
      tokens.end();
    } catch (IOException impossible) {
      // the text is in memory: reading it cannot fail
      throw new UncheckedIOException(impossible);
    }
  }
}
