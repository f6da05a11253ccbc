package org.crmhub.hub.sentiment;

import java.util.Locale;

/**
 * VADER 3.3.2 tokenisation: split on whitespace, then strip leading and trailing ASCII punctuation
 * from each token unless that leaves two characters or fewer, in which case the token is kept as is
 * (that is how emoticons such as ":)" or ":D" and short words with punctuation survive).
 *
 * <p>Besides the words, it notes after which token a clause or a sentence ends, which VADER itself
 * does not use but the support rules do.
 */
final class Tokenizer {

  private Tokenizer() {}

  static Tokens tokenize(String text) {
    return tokenize(text, false, null);
  }

  static Tokens tokenize(String text, boolean shortWords) {
    return tokenize(text, shortWords, null);
  }

  /**
   * With {@code shortWords}, a word of one or two letters keeps no punctuation either ("Ha!" is "ha",
   * "ok." is "ok"), where VADER keeps the punctuation and so misses the word; emoticons, which have
   * punctuation inside or no letter, stay as they are, and a stretched word is read as the known
   * word it stretches ("sooo gooood"). With a {@code vocabulary}, known words are taken from it
   * instead of being cut out of the text.
   */
  static Tokens tokenize(String text, boolean shortWords, Vocabulary vocabulary) {
    int length = text.length();
    int capacity = Math.max(1, countTokens(text));
    String[] words = new String[capacity];
    boolean[] allCaps = new boolean[capacity];
    byte[] breaks = new byte[capacity];
    int count = 0;
    int i = 0;
    while (i < length) {
      boolean lineBreak = false;
      while (i < length && PythonText.isWhitespace(text.charAt(i))) {
        char c = text.charAt(i);
        lineBreak |= c == '\n' || c == '\r';
        i++;
      }
      if (lineBreak && count > 0 && breaks[count - 1] < Tokens.SENTENCE_BREAK) {
        breaks[count - 1] = Tokens.SENTENCE_BREAK;
      }
      if (i == length) {
        break;
      }
      int tokenStart = i;
      while (i < length && !PythonText.isWhitespace(text.charAt(i))) {
        i++;
      }
      // With shortWords, an emoticon glued to a word ("thanks:)") is a token of its own.
      int emoticon = shortWords ? gluedEmoticonStart(text, tokenStart, i) : -1;
      for (int piece = 0; piece < (emoticon < 0 ? 1 : 2); piece++) {
        int start = piece == 0 ? tokenStart : emoticon;
        int end = emoticon < 0 || piece == 1 ? i : emoticon;
        if (count == words.length) {
          int grown = count * 2;
          words = java.util.Arrays.copyOf(words, grown);
          allCaps = java.util.Arrays.copyOf(allCaps, grown);
          breaks = java.util.Arrays.copyOf(breaks, grown);
        }
        long range = wordRange(text, start, end, shortWords);
        int from = (int) (range >>> 32);
        int to = (int) range;
        String known = vocabulary == null ? null : vocabulary.find(text, from, to, (char) 0);
        if (known == null && vocabulary != null && shortWords) {
          known = emoticon(text, start, end, vocabulary);
          if (known == null) {
            known = unstretched(text, from, to, vocabulary);
          }
        }
        words[count] = known != null ? known : lowerCase(text.substring(from, to));
        allCaps[count] = PythonText.isUpper(text, from, to);
        byte after = trailingBreak(text, start, end);
        if (after != Tokens.NO_BREAK && isPunctuationOnly(text, start, end) && count > 0) {
          // A free-standing "-", "..." or "!" ends the clause of the word before it.
          breaks[count - 1] = (byte) Math.max(breaks[count - 1], after);
        }
        breaks[count] = after;
        count++;
      }
    }
    return new Tokens(words, allCaps, breaks, count);
  }

  /**
   * The known emoticon that the token {@code text[start, end)} writes with punctuation after it or
   * with its last character repeated (":(.", ":DDD", "=(((", ";))"), or null.
   */
  static String emoticon(String text, int start, int end, Vocabulary vocabulary) {
    if (Character.isLetterOrDigit(text.charAt(start))) {
      return null; // emoticons VADER lists that start with a letter ("xD") are stretched words here
    }
    int to = end;
    while (to - start > 2 && isSentencePunctuation(text.charAt(to - 1))) {
      to--;
    }
    int runStart = to - 1;
    while (runStart > start && text.charAt(runStart - 1) == text.charAt(to - 1)) {
      runStart--;
    }
    String known = to < end && hasSymbol(text, start, to) ? vocabulary.find(text, start, to, (char) 0) : null;
    if (known == null && runStart < to - 1 && hasSymbol(text, start, runStart + 1)) {
      known = vocabulary.find(text, start, runStart + 1, (char) 0);
    }
    return known;
  }

  private static boolean isSentencePunctuation(char c) {
    return c == '.' || c == ',' || c == '!' || c == '?';
  }

  /** Whether {@code text[from, to)} holds a character that is neither a letter nor a digit. */
  private static boolean hasSymbol(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Character.isLetterOrDigit(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** A letter repeated this often in a row stretches a word: "sooo", "gooood". */
  private static final int STRETCH = 3;

  /**
   * The known word that {@code text[from, to)} stretches ("gooood" is "good", "sooo" is "so",
   * "yessss" is "yes"), or null: each run of {@value #STRETCH} or more of a letter is read as two of
   * it, or else as one.
   */
  static String unstretched(String text, int from, int to, Vocabulary vocabulary) {
    if (!hasStretch(text, from, to)) {
      return null;
    }
    for (int keep = 2; keep >= 1; keep--) {
      StringBuilder word = new StringBuilder(to - from);
      int i = from;
      while (i < to) {
        char c = text.charAt(i);
        int run = 1;
        while (i + run < to && Character.toLowerCase(text.charAt(i + run)) == Character.toLowerCase(c)) {
          run++;
        }
        int copies = run >= STRETCH ? keep : run;
        for (int k = 0; k < copies; k++) {
          word.append(c);
        }
        i += run;
      }
      String known = vocabulary.find(word.toString(), 0, word.length(), (char) 0);
      if (known != null) {
        return known;
      }
    }
    return null;
  }

  private static boolean hasStretch(String text, int from, int to) {
    int run = 1;
    for (int i = from + 1; i < to; i++) {
      char c = text.charAt(i);
      boolean repeated = Character.isLetter(c) && Character.toLowerCase(c) == Character.toLowerCase(text.charAt(i - 1));
      run = repeated ? run + 1 : 1;
      if (run >= STRETCH) {
        return true;
      }
    }
    return false;
  }

  /** Emoticons of the VADER lexicon that are recognised when glued to the end of a word. */
  private static final String[] GLUED_EMOTICONS = {":-)", ":-(", ":)", ":(", ":D", ":d", ":P", ":p", ";-)", ";)",
      ":/", ":'(", "<3"};

  /**
   * Where an emoticon glued to the end of {@code text[start, end)} starts ("thanks:)", "fixed!:D"), or
   * -1: it must follow a letter, digit, "!", "." or "?".
   */
  private static int gluedEmoticonStart(String text, int start, int end) {
    char last = text.charAt(end - 1);
    if (last != ')' && last != '(' && last != 'D' && last != 'd' && last != 'P' && last != 'p' && last != '/'
        && last != '3') {
      return -1;
    }
    for (String emoticon : GLUED_EMOTICONS) {
      int at = end - emoticon.length();
      if (at > start && text.startsWith(emoticon, at)) {
        char before = text.charAt(at - 1);
        if (Character.isLetterOrDigit(before) || before == '!' || before == '.' || before == '?') {
          return at;
        }
      }
    }
    return -1;
  }

  /** Number of white-space separated tokens, so the arrays are allocated once at their size. */
  private static int countTokens(String text) {
    int count = 0;
    boolean inToken = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = PythonText.isWhitespace(text.charAt(i));
      if (!space && !inToken) {
        count++;
      }
      inToken = !space;
    }
    return count;
  }

  private static String lowerCase(String token) {
    for (int k = 0; k < token.length(); k++) {
      char c = token.charAt(k);
      if (c >= 'A' && c <= 'Z' || c > 0x7f) {
        return token.toLowerCase(Locale.ROOT);
      }
    }
    return token;
  }

  /**
   * The part of the token {@code text[start, end)} that is the word, as {@code from << 32 | to}:
   * without leading and trailing ASCII punctuation, unless that leaves two characters or fewer.
   */
  private static long wordRange(String text, int start, int end, boolean shortWords) {
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
      if (shortWords && to - from == 2 && isLetter(text.charAt(from)) && isLetter(text.charAt(from + 1))) {
        return (long) from << 32 | to;
      }
      return (long) start << 32 | end;
    }
    return (long) from << 32 | to;
  }

  private static boolean isLetter(char c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  }

  /** The boundary the trailing punctuation of {@code text[start, end)} marks. */
  private static byte trailingBreak(String text, int start, int end) {
    byte result = Tokens.NO_BREAK;
    for (int k = end - 1; k >= start; k--) {
      char c = text.charAt(k);
      if (c == '?') {
        return Tokens.QUESTION_BREAK;
      } else if (c == '.' || c == '!') {
        // "3.5" or an emoticon such as ":-)" or ":P" is not a sentence end; "...)" or "!!" is.
        return Tokens.SENTENCE_BREAK;
      } else if (c == ',' || c == ';' || c == '-') {
        result = Tokens.CLAUSE_BREAK;
      } else if (c == ':' && k == end - 1) {
        result = Tokens.CLAUSE_BREAK;
      } else if (c != '"' && c != '\'' && c != ')' && c != '*') {
        return result;
      }
    }
    return result;
  }

  private static boolean isPunctuationOnly(String text, int start, int end) {
    for (int k = start; k < end; k++) {
      if (!PythonText.isAsciiPunctuation(text.charAt(k))) {
        return false;
      }
    }
    return true;
  }
}
