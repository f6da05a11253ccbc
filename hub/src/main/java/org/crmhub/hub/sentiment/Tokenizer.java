package org.crmhub.hub.sentiment;

import java.util.Arrays;
import java.util.Locale;

/**
 * VADER 3.3.2 tokenisation: split on whitespace, then strip leading and trailing ASCII punctuation
 * from each token unless that leaves two characters or fewer, in which case the token is kept as is
 * (that is how emoticons such as ":)" or ":D" and short words with punctuation survive).
 */
final class Tokenizer {

  private static final String[] NO_WORDS = new String[0];
  private static final boolean[] NO_FLAGS = new boolean[0];

  private Tokenizer() {}

  static Tokens tokenize(String text) {
    String[] words = NO_WORDS;
    boolean[] allCaps = NO_FLAGS;
    int count = 0;
    int length = text.length();
    int i = 0;
    while (i < length) {
      while (i < length && PythonText.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i == length) {
        break;
      }
      int start = i;
      while (i < length && !PythonText.isWhitespace(text.charAt(i))) {
        i++;
      }
      String token = stripPunctuationIfWord(text, start, i);
      if (count == words.length) {
        int capacity = Math.max(16, count * 2);
        words = Arrays.copyOf(words, capacity);
        allCaps = Arrays.copyOf(allCaps, capacity);
      }
      words[count] = token.toLowerCase(Locale.ROOT);
      allCaps[count] = PythonText.isUpper(token);
      count++;
    }
    if (count != words.length) {
      words = Arrays.copyOf(words, count);
      allCaps = Arrays.copyOf(allCaps, count);
    }
    return new Tokens(words, allCaps);
  }

  private static String stripPunctuationIfWord(String text, int start, int end) {
    int from = start;
    int to = end;
    while (from < to && PythonText.isAsciiPunctuation(text.charAt(from))) {
      from++;
    }
    while (to > from && PythonText.isAsciiPunctuation(text.charAt(to - 1))) {
      to--;
    }
    // Two code points or fewer left: most likely an emoticon, so keep the original token.
    if (to - from <= 4 && Character.codePointCount(text, from, to) <= 2) {
      return text.substring(start, end);
    }
    return text.substring(from, to);
  }
}
