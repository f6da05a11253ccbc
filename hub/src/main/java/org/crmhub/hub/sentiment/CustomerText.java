package org.crmhub.hub.sentiment;

import org.crmhub.connector.MarkupEscapes;

/**
 * The part of a message its sender wrote, without the quoted email history a reply carries along:
 * lines starting with "&gt;", and everything from an attribution line ("On Mon, 3 Jun 2024 at 10:12,
 * Anna &lt;anna@example.com&gt; wrote:") or a "-----Original Message-----" separator on.
 *
 * <p>Attributions and separators are also found inside a line, since some channels flatten a mail
 * into one line. Quote markers ("&gt;") only count at the start of a line.
 */
final class CustomerText {

  private static final String ORIGINAL_MESSAGE = "original message";
  private static final String FORWARDED_MESSAGE = "forwarded message";
  private static final String WROTE = "wrote:";
  /** An attribution starts with "On" at most this many characters before its "wrote:". */
  private static final int MAX_ATTRIBUTION_LENGTH = 200;

  private CustomerText() {}

  /**
   * {@code text} without quoted history, with typographic apostrophes as "'" and with the five
   * markup escapes undone as X sends tweet text ("&amp;gt;:[" is the emoticon "&gt;:["); {@code text}
   * itself when there is nothing to change. Escapes are undone after the history is cut, so an
   * escaped "&gt;" never starts a quoted line.
   */
  static String ownWords(String text) {
    int end = historyStart(text);
    String own = end < 0 ? text : text.substring(0, end);
    own = own.indexOf('>') < 0 ? own : withoutQuotedLines(own);
    own = MarkupEscapes.unescape(own);
    // Phones and mail programs type "don’t": VADER's negations and contractions are spelled with '.
    return own.indexOf(TYPOGRAPHIC_APOSTROPHE) < 0 ? own : own.replace(TYPOGRAPHIC_APOSTROPHE, '\'');
  }

  private static final char TYPOGRAPHIC_APOSTROPHE = '\u2019';

  /** Where quoted history starts, or -1. */
  private static int historyStart(String text) {
    // Cheap checks first: every attribution has a ':' and every separator "---".
    boolean colon = text.indexOf(':') >= 0;
    if (!colon && text.indexOf("---") < 0) {
      return -1;
    }
    int start = -1;
    int separator = indexOfSeparator(text);
    if (separator >= 0) {
      start = separator;
    }
    int wrote = colon ? indexOfIgnoreCase(text, WROTE, 0) : -1;
    while (wrote >= 0 && (start < 0 || wrote < start)) {
      int on = attributionStart(text, wrote);
      if (on >= 0) {
        start = start < 0 ? on : Math.min(start, on);
        break;
      }
      wrote = indexOfIgnoreCase(text, WROTE, wrote + WROTE.length());
    }
    return start;
  }

  /** "-----Original Message-----" or "---------- Forwarded message ---------": dashes around the words. */
  private static int indexOfSeparator(String text) {
    if (text.indexOf("---") < 0) {
      return -1;
    }
    for (String words : new String[] {ORIGINAL_MESSAGE, FORWARDED_MESSAGE}) {
      int at = indexOfIgnoreCase(text, words, 0);
      while (at >= 0) {
        int dashes = at;
        while (dashes > 0 && (text.charAt(dashes - 1) == ' ')) {
          dashes--;
        }
        int count = 0;
        while (dashes > 0 && text.charAt(dashes - 1) == '-') {
          dashes--;
          count++;
        }
        if (count >= 3) {
          return dashes;
        }
        at = indexOfIgnoreCase(text, words, at + words.length());
      }
    }
    return -1;
  }

  /**
   * Start of the attribution ending in the "wrote:" at {@code wrote}: the nearest word "On"
   * (capitalised, at the start or after white space) within {@link #MAX_ATTRIBUTION_LENGTH}
   * characters before it, with a digit (of the date) and at most one line break in between; or -1.
   */
  private static int attributionStart(String text, int wrote) {
    int limit = Math.max(0, wrote - MAX_ATTRIBUTION_LENGTH);
    for (int k = wrote - 3; k >= limit; k--) {
      if (text.charAt(k) == 'O' && text.charAt(k + 1) == 'n' && text.charAt(k + 2) == ' '
          && (k == 0 || Character.isWhitespace(text.charAt(k - 1)))) {
        int lineBreaks = 0;
        boolean digit = false;
        for (int j = k; j < wrote; j++) {
          char c = text.charAt(j);
          lineBreaks += c == '\n' ? 1 : 0;
          digit |= c >= '0' && c <= '9';
        }
        return lineBreaks <= 1 && digit ? k : -1;
      }
    }
    return -1;
  }

  private static String withoutQuotedLines(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int lineStart = 0;
    boolean dropped = false;
    while (lineStart <= text.length()) {
      int lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) {
        lineEnd = text.length();
      }
      int first = lineStart;
      while (first < lineEnd && (text.charAt(first) == ' ' || text.charAt(first) == '\t')) {
        first++;
      }
      if (first < lineEnd && text.charAt(first) == '>') {
        dropped = true;
      } else {
        out.append(text, lineStart, lineEnd);
        if (lineEnd < text.length()) {
          out.append('\n');
        }
      }
      lineStart = lineEnd + 1;
    }
    return dropped ? out.toString() : text;
  }

  private static int indexOfIgnoreCase(String text, String lowercase, int from) {
    int last = text.length() - lowercase.length();
    char first = lowercase.charAt(0);
    // The words searched for start with an ASCII letter, so (c | 0x20) folds case for the first check.
    for (int k = from; k <= last; k++) {
      if ((text.charAt(k) | 0x20) == first && text.regionMatches(true, k, lowercase, 0, lowercase.length())) {
        return k;
      }
    }
    return -1;
  }
}
