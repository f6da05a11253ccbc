package org.crmhub.hub.search;

import java.util.ArrayList;
import java.util.List;

/**
 * The search box's own small syntax, read without Lucene's query parser so no input is ever Lucene
 * syntax: words (all must match), {@code "a phrase"}, {@code prefix*}, {@code from:sender} (or
 * {@code from:"sender"}) and {@code -excluded} (any of them). Anything else is text: {@code from:}
 * with nothing after it is the word {@code from:}, quotes left open run to the end, control
 * characters separate words, and clauses past {@link #MAX_CLAUSES} are ignored.
 */
record UserQuery(List<Clause> clauses) {

  static final int MAX_CLAUSES = 32;

  /** {@code FROM}: the sender's identity, exactly ({@code from:ann@example.com}). */
  enum Kind { WORD, PHRASE, PREFIX, FROM }

  private static final String FROM_PREFIX = "from:";

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
      boolean fromPrefix = word.regionMatches(true, 0, FROM_PREFIX, 0, FROM_PREFIX.length());
      if (fromPrefix && word.length() == FROM_PREFIX.length() && i < length && input.charAt(i) == '"') {
        int close = input.indexOf('"', i + 1);
        int end = close < 0 ? length : close;
        add(clauses, Kind.FROM, input.substring(i + 1, end).strip(), excluded);
        i = end + 1;
      } else if (fromPrefix && word.length() > FROM_PREFIX.length()) {
        add(clauses, Kind.FROM, word.substring(FROM_PREFIX.length()), excluded);
      } else if (word.endsWith("*")) {
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
