package org.crmhub.hub.search;

import java.util.ArrayList;
import java.util.List;

/**
 * The search box's own small syntax, read without Lucene's query parser so no input is ever Lucene
 * syntax: words (all must match), {@code "a phrase"}, {@code prefix*} and {@code -excluded} (a
 * word, prefix or phrase). Anything else is text: quotes left open run to the end, control
 * characters separate words, and clauses past {@link #MAX_CLAUSES} are ignored.
 */
record UserQuery(List<Clause> clauses) {

  static final int MAX_CLAUSES = 32;

  enum Kind { WORD, PHRASE, PREFIX }

  record Clause(Kind kind, String text, boolean excluded) {}

  static UserQuery parse(String input) {
    List<Clause> clauses = new ArrayList<>();
    int i = 0;
    int length = input.length();
    while (i < length && clauses.size() < MAX_CLAUSES) {
      if (separates(input.charAt(i))) {
        i++;
        continue;
      }
      boolean excluded = input.charAt(i) == '-';
      if (excluded) {
        i++;
      }
      if (i < length && input.charAt(i) == '"') {
        int close = input.indexOf('"', i + 1);
        int end = close < 0 ? length : close;
        add(clauses, Kind.PHRASE, input.substring(i + 1, end), excluded);
        i = end + 1;
        continue;
      }
      int start = i;
      while (i < length && !separates(input.charAt(i)) && input.charAt(i) != '"') {
        i++;
      }
      String word = input.substring(start, i);
      if (word.endsWith("*")) {
        add(clauses, Kind.PREFIX, word.replace("*", ""), excluded);
      } else {
        add(clauses, Kind.WORD, word, excluded);
      }
    }
    return new UserQuery(List.copyOf(clauses));
  }

  private static void add(List<Clause> clauses, Kind kind, String text, boolean excluded) {
    if (!text.isBlank()) {
      clauses.add(new Clause(kind, text, excluded));
    }
  }

  private static boolean separates(char c) {
    return Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c);
  }
}
