package org.crmhub.hub.sentiment;

import java.util.Collection;

/**
 * The lowercase ASCII words the scorer knows (lexicon entries, modifiers, rule and function words),
 * each as one shared String, found by a region of a text without cutting it out.
 *
 * <p>The tokenizer uses it so that a known token costs no new String (and its hash code is already
 * cached for the lexicon and rule lookups that follow); unknown tokens are cut out as before. Purely
 * an optimisation: the words it hands out are equal to the ones the tokenizer would build.
 *
 * <p>Immutable after construction and shared by all threads.
 */
final class Vocabulary {

  /** Open addressing with linear probing; null marks a free slot. */
  private final String[] table;
  private final int mask;

  Vocabulary(Collection<String> words) {
    int capacity = Integer.highestOneBit(Math.max(16, words.size() * 2)) << 1;
    this.table = new String[capacity];
    this.mask = capacity - 1;
    for (String word : words) {
      if (isLowercaseAscii(word)) {
        add(word);
      }
    }
  }

  private void add(String word) {
    int slot = hash(word, 0, word.length(), (char) 0) & mask;
    while (table[slot] != null) {
      if (table[slot].equals(word)) {
        return;
      }
      slot = (slot + 1) & mask;
    }
    table[slot] = word;
  }

  /**
   * The known word equal to {@code text[from, to)} lowercased, followed by {@code extra} unless it is
   * 0; null when that is not a known word or the region is not ASCII.
   */
  String find(String text, int from, int to, char extra) {
    int length = to - from + (extra == 0 ? 0 : 1);
    if (length <= 0) {
      return null;
    }
    int h = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return null;
      }
      h = 31 * h + lower(c);
    }
    if (extra != 0) {
      h = 31 * h + extra;
    }
    int slot = spread(h) & mask;
    String candidate;
    while ((candidate = table[slot]) != null) {
      if (candidate.length() == length && sameWord(candidate, text, from, to, extra)) {
        return candidate;
      }
      slot = (slot + 1) & mask;
    }
    return null;
  }

  private static boolean sameWord(String word, String text, int from, int to, char extra) {
    for (int i = from; i < to; i++) {
      if (word.charAt(i - from) != lower(text.charAt(i))) {
        return false;
      }
    }
    return extra == 0 || word.charAt(to - from) == extra;
  }

  private static int hash(String word, int from, int to, char extra) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + word.charAt(i);
    }
    if (extra != 0) {
      h = 31 * h + extra;
    }
    return spread(h);
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : c;
  }

  private static boolean isLowercaseAscii(String word) {
    if (word.isEmpty()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c >= 0x80 || (c >= 'A' && c <= 'Z') || PythonText.isWhitespace(c)) {
        return false;
      }
    }
    return true;
  }
}
