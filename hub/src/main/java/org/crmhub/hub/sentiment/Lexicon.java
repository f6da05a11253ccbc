package org.crmhub.hub.sentiment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The VADER word lexicon and emoji lexicon, loaded once and read-only afterwards. */
final class Lexicon {

  private final Map<String, Double> valences;
  /**
   * Null: words are looked up as they are (VADER). Otherwise inflected forms of lexicon words that
   * are not in the lexicon themselves ("crashes", "poorly", "terribly") get the valence of their base
   * word, except the words in this set, whose derivation would be wrong ("likely", "fairly").
   */
  private final Set<String> notDerived;
  /**
   * Words of VADER's lexicon whose raters disagreed on the sign (some rated them positive, some
   * negative, such as "overwhelm"); their -ing forms are not derived ("overwhelming" support is no
   * complaint). Null when words are looked up as they are.
   */
  private final Set<String> contested;
  /** The lexicon's words and the others the scorer knows, as shared Strings. */
  private final Vocabulary vocabulary;
  /** Emoji code points in ascending order, parallel to {@link #emojiDescriptions}. */
  private final int[] emojiCodePoints;
  private final String[] emojiDescriptions;

  private Lexicon(Map<String, Double> valences, Set<String> notDerived, Set<String> contested,
      Vocabulary vocabulary, int[] emojiCodePoints, String[] emojiDescriptions) {
    this.valences = valences;
    this.notDerived = notDerived;
    this.contested = contested;
    this.vocabulary = vocabulary;
    this.emojiCodePoints = emojiCodePoints;
    this.emojiDescriptions = emojiDescriptions;
  }

  static Lexicon fromClasspath(String lexiconResource, String emojiResource) {
    return fromClasspath(lexiconResource, emojiResource, null, null);
  }

  /**
   * Loads VADER's lexicons and, when the overlay resources are not null, applies them: an overlay
   * lexicon line "word TAB valence" adds or replaces a word, "word TAB -" removes it; an overlay emoji
   * line replaces that emoji's description.
   *
   * <p>Written for start-up time, since the sentiment command loads it for every run: one pass over
   * the bytes of each file, no lambdas, streams or regular expressions.
   */
  static Lexicon fromClasspath(String lexiconResource, String emojiResource, String overlayLexicon,
      String overlayEmoji) {
    return fromClasspath(lexiconResource, emojiResource, overlayLexicon, overlayEmoji, List.of());
  }

  /** As above; the {@link #vocabulary()} holds the lexicon's words and {@code moreWords}. */
  static Lexicon fromClasspath(String lexiconResource, String emojiResource, String overlayLexicon,
      String overlayEmoji, Collection<String> moreWords) {
    Map<String, Double> valences = new HashMap<>(16_384);
    // Derived forms are only looked up with an overlay, so only then are the ratings read.
    Set<String> contested = overlayLexicon == null ? null : new HashSet<>();
    TabFile lexicon = new TabFile(lexiconResource);
    while (lexicon.next()) {
      String word = lexicon.key();
      // VADER looks words up lowercased, so entries such as ":D" or "O_o" can never match;
      // dropping them keeps them from overriding their lowercase twins.
      if (isLowerCase(word)) {
        double valence = lexicon.number();
        valences.put(word, valence);
        if (contested != null && lexicon.ratingsDisagreeWith(valence)) {
          contested.add(word);
        }
      }
    }
    Set<String> notDerived = null;
    if (overlayLexicon != null) {
      notDerived = new HashSet<>();
      TabFile overlay = new TabFile(overlayLexicon);
      while (overlay.next()) {
        if (overlay.value().equals("-")) {
          valences.remove(overlay.key());
          notDerived.add(overlay.key());
        } else {
          valences.put(overlay.key(), overlay.number());
          // A valence set by hand is meant for the word's support sense, whatever VADER's raters said.
          contested.remove(overlay.key());
        }
      }
    }
    EmojiTable emojis = new EmojiTable();
    emojis.addAll(new TabFile(emojiResource));
    if (overlayEmoji != null) {
      emojis.addAll(new TabFile(overlayEmoji));
    }
    List<String> words = new ArrayList<>(valences.size() + moreWords.size());
    words.addAll(valences.keySet());
    words.addAll(moreWords);
    return emojis.build(Collections.unmodifiableMap(valences), notDerived, contested, new Vocabulary(words));
  }

  private static boolean isLowerCase(String word) {
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c < 0x80 ? (c >= 'A' && c <= 'Z') : Character.toLowerCase(c) != c) {
        return false;
      }
    }
    return true;
  }

  /** Valence of a lowercase word, or NaN when the word is not in the lexicon. */
  double valence(String lowercaseWord) {
    Double valence = valences.get(lowercaseWord);
    if (valence != null) {
      return valence;
    }
    return notDerived == null ? Double.NaN : derivedValence(lowercaseWord);
  }

  /** Longest stutter before a hyphen: "h-happy", "s-s-sorry". */
  private static final int MAX_STUTTER = 2;

  /**
   * Valence of a stuttered word ("h-happy", "s-s-sorry": each part before a hyphen is a short start
   * of the word after the last hyphen), or NaN.
   */
  private double stutteredValence(String word) {
    int last = word.lastIndexOf('-');
    if (last <= 0 || last == word.length() - 1) {
      return Double.NaN;
    }
    int partStart = 0;
    while (partStart < last) {
      int partEnd = word.indexOf('-', partStart);
      int partLength = partEnd - partStart;
      if (partLength == 0 || partLength > MAX_STUTTER
          || !word.regionMatches(last + 1, word, partStart, partLength)) {
        return Double.NaN;
      }
      partStart = partEnd + 1;
    }
    String base = vocabulary.find(word, last + 1, word.length(), NO_ENDING);
    if (base == null) {
      return Double.NaN;
    }
    Double valence = valences.get(base);
    return valence == null ? Double.NaN : valence;
  }

  /** Shortest inflected form looked at: "lacks" from "lack". */
  private static final int MIN_DERIVED_LENGTH = 5;
  /** Shortest base word that lends its valence: "lack", not "ha" for "has". */
  private static final int MIN_BASE_LENGTH = 4;

  /** The lexicon's words and the other words the scorer knows. */
  Vocabulary vocabulary() {
    return vocabulary;
  }

  /**
   * Valence of the base word of an inflected form (-s, -es, -ed, -ing, -ly, -ness, -ies, -ied, -ily,
   * -est, -iest, -in for -ing), or NaN. Looks the base up as a region of the word, so it allocates nothing.
   */
  private double derivedValence(String word) {
    int length = word.length();
    if (word.indexOf('-') > 0) {
      return stutteredValence(word);
    }
    if (length < MIN_DERIVED_LENGTH || !isAsciiLetters(word) || notDerived.contains(word)) {
      return Double.NaN;
    }
    if (word.endsWith("ies") || word.endsWith("ied") || word.endsWith("ily")) {
      return valenceOf(word, length - 3, 'y');
    }
    if (word.endsWith("ness")) {
      return valenceOf(word, length - 4, NO_ENDING);
    }
    if (word.endsWith("iest")) {
      // "luckiest" from "lucky"
      return valenceOf(word, length - 4, 'y');
    }
    if (word.endsWith("est")) {
      // superlatives: "coolest" from "cool", "nicest" from "nice"
      return valenceOrWithE(word, length - 3, null);
    }
    if (word.endsWith("in")) {
      // the dropped g of speech: "lovin" from "loving"
      return valenceOf(word, length, 'g');
    }
    if (word.endsWith("ing")) {
      // An -ing form is often an adjective or noun of its own ("overwhelming", "a warming"), so it
      // only takes the valence of a base whose raters agreed on its sign.
      return valenceOrWithE(word, length - 3, contested);
    }
    if (word.endsWith("ed")) {
      return valenceOrWithE(word, length - 2, null);
    }
    if (word.endsWith("ly")) {
      // "poorly" from "poor", "terribly" from "terrible"
      double valence = valenceOf(word, length - 2, NO_ENDING);
      return Double.isNaN(valence) ? valenceOf(word, length - 1, 'e') : valence;
    }
    if (word.endsWith("es")) {
      double valence = valenceOf(word, length - 2, NO_ENDING);
      return Double.isNaN(valence) ? valenceOf(word, length - 1, NO_ENDING) : valence;
    }
    if (word.endsWith("s") && !word.endsWith("ss")) {
      return valenceOf(word, length - 1, NO_ENDING);
    }
    return Double.NaN;
  }

  private static final char NO_ENDING = 0;

  /**
   * Valence of the base {@code word[0, end)}, or else of that base plus "e" ("embraced"); a base in
   * {@code excluded} (unless null) lends none.
   */
  private double valenceOrWithE(String word, int end, Set<String> excluded) {
    double valence = valenceOf(word, end, NO_ENDING, excluded);
    return Double.isNaN(valence) ? valenceOf(word, end, 'e', excluded) : valence;
  }

  /** Valence of the base word {@code word[0, end)} followed by {@code ending} (unless NO_ENDING), or NaN. */
  private double valenceOf(String word, int end, char ending) {
    return valenceOf(word, end, ending, null);
  }

  private double valenceOf(String word, int end, char ending, Set<String> excluded) {
    String base = vocabulary.find(word, 0, end, ending);
    if (base == null || base.length() < MIN_BASE_LENGTH || ModifierWords.isBooster(base)
        || ModifierWords.isNegation(base) || (excluded != null && excluded.contains(base))) {
      return Double.NaN;
    }
    Double valence = valences.get(base);
    return valence == null ? Double.NaN : valence;
  }

  private static boolean isAsciiLetters(String word) {
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c < 'a' || c > 'z') {
        return false;
      }
    }
    return true;
  }

  /**
   * Replaces every emoji by its textual description, as VADER 3.3.2 does before tokenising: a space
   * is inserted before the description unless the previous character was a space, none after it.
   * Returns {@code text} itself when it holds no emoji.
   */
  String replaceEmojis(String text) {
    int firstEmoji = indexOfFirstEmoji(text);
    if (firstEmoji < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 32);
    out.append(text, 0, firstEmoji);
    boolean previousWasSpace = firstEmoji == 0 || text.charAt(firstEmoji - 1) == ' ';
    for (int i = firstEmoji; i < text.length(); ) {
      int cp = text.codePointAt(i);
      String description = emojiDescription(cp);
      if (description != null) {
        if (!previousWasSpace) {
          out.append(' ');
        }
        out.append(description);
        previousWasSpace = false;
      } else {
        out.appendCodePoint(cp);
        previousWasSpace = cp == ' ';
      }
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  private int indexOfFirstEmoji(String text) {
    int smallest = emojiCodePoints.length == 0 ? Integer.MAX_VALUE : emojiCodePoints[0];
    for (int i = 0; i < text.length(); ) {
      if (text.charAt(i) < smallest && !Character.isHighSurrogate(text.charAt(i))) {
        i++;
        continue;
      }
      int cp = text.codePointAt(i);
      if (cp >= smallest && emojiDescription(cp) != null) {
        return i;
      }
      i += Character.charCount(cp);
    }
    return -1;
  }

  private String emojiDescription(int codePoint) {
    if (emojiCodePoints.length == 0 || codePoint < emojiCodePoints[0]) {
      return null;
    }
    int index = Arrays.binarySearch(emojiCodePoints, codePoint);
    return index >= 0 ? emojiDescriptions[index] : null;
  }

  /** Emoji code points and descriptions; a later entry for the same code point replaces an earlier one. */
  private static final class EmojiTable {
    private int[] codePoints = new int[4096];
    private String[] descriptions = new String[4096];
    private int size;

    void addAll(TabFile file) {
      while (file.next()) {
        String emoji = file.key();
        // VADER replaces emojis one code point at a time, so multi-code-point entries never match.
        if (emoji.codePointCount(0, emoji.length()) != 1) {
          continue;
        }
        if (size == codePoints.length) {
          codePoints = Arrays.copyOf(codePoints, size * 2);
          descriptions = Arrays.copyOf(descriptions, size * 2);
        }
        codePoints[size] = emoji.codePointAt(0);
        descriptions[size] = file.value();
        size++;
      }
    }

    Lexicon build(Map<String, Double> valences, Set<String> notDerived, Set<String> contested,
        Vocabulary vocabulary) {
      // Sort by code point, then by position, through one primitive sort of packed longs.
      long[] order = new long[size];
      for (int i = 0; i < size; i++) {
        order[i] = ((long) codePoints[i] << 32) | i;
      }
      Arrays.sort(order);
      int[] sortedCodePoints = new int[size];
      String[] sortedDescriptions = new String[size];
      int count = 0;
      for (int k = 0; k < size; k++) {
        int codePoint = (int) (order[k] >>> 32);
        String description = descriptions[(int) order[k]];
        if (count > 0 && sortedCodePoints[count - 1] == codePoint) {
          sortedDescriptions[count - 1] = description; // the later entry wins
        } else {
          sortedCodePoints[count] = codePoint;
          sortedDescriptions[count] = description;
          count++;
        }
      }
      return new Lexicon(valences, notDerived, contested, vocabulary, Arrays.copyOf(sortedCodePoints, count),
          Arrays.copyOf(sortedDescriptions, count));
    }
  }

  /**
   * Reads "KEY TAB VALUE [TAB ...]" lines like VADER: surrounding white space stripped, blank lines
   * and comments ("#" alone or followed by a space) skipped.
   */
  static final class TabFile {
    private final String resource;
    private final String text;
    private int position;
    private int lineNumber;
    private String key;
    private String value;
    /** Where the current line's third column starts (-1 when it has none), and where the line ends. */
    private int restStart;
    private int lineEnd;

    TabFile(String resource) {
      this.resource = resource;
      InputStream stream = Lexicon.class.getResourceAsStream(resource);
      if (stream == null) {
        throw new IllegalStateException("Missing classpath resource " + resource);
      }
      try (stream) {
        this.text = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read classpath resource " + resource, e);
      }
    }

    /** Moves to the next entry; false at the end. */
    boolean next() {
      int length = text.length();
      while (position < length) {
        int end = text.indexOf('\n', position);
        if (end < 0) {
          end = length;
        }
        int from = position;
        int to = end;
        position = end + 1;
        lineNumber++;
        while (from < to && Character.isWhitespace(text.charAt(from))) {
          from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
          to--;
        }
        if (from == to || (text.charAt(from) == '#' && (to == from + 1 || text.charAt(from + 1) == ' '))) {
          continue;
        }
        int firstTab = text.indexOf('\t', from);
        if (firstTab < 0 || firstTab >= to || firstTab == from) {
          throw new IllegalStateException("Malformed line " + lineNumber + " in " + resource);
        }
        int secondTab = text.indexOf('\t', firstTab + 1);
        int valueEnd = secondTab < 0 || secondTab > to ? to : secondTab;
        key = text.substring(from, firstTab);
        value = text.substring(firstTab + 1, valueEnd);
        restStart = valueEnd < to ? valueEnd + 1 : -1;
        lineEnd = to;
        return true;
      }
      return false;
    }

    String key() {
      return key;
    }

    /**
     * Whether, in a VADER lexicon line ("word TAB mean TAB sd TAB [2, 1, 0, -1, ...]"), some rater
     * gave the sign opposite to {@code mean}; false for a line without ratings.
     */
    boolean ratingsDisagreeWith(double mean) {
      if (restStart < 0 || mean == 0) {
        return false;
      }
      int open = text.indexOf('[', restStart);
      if (open < 0 || open >= lineEnd) {
        return false;
      }
      boolean negative = false;
      for (int i = open + 1; i < lineEnd && text.charAt(i) != ']'; i++) {
        char c = text.charAt(i);
        if (c == '-') {
          negative = true;
        } else if (c >= '1' && c <= '9') {
          if (negative != (mean < 0)) {
            return true;
          }
          // Skip the rest of this rating.
          while (i + 1 < lineEnd && text.charAt(i + 1) >= '0' && text.charAt(i + 1) <= '9') {
            i++;
          }
          negative = false;
        } else if (c == '0' || c == ',') {
          negative = false;
        }
      }
      return false;
    }

    String value() {
      return value;
    }

    /** The value as a number; plain decimals such as "-1.5" without Double.parseDouble's cost. */
    double number() {
      String s = value;
      int i = 0;
      boolean negative = false;
      if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
        negative = s.charAt(0) == '-';
        i = 1;
      }
      long digits = 0;
      int decimals = -1;
      int start = i;
      for (; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c >= '0' && c <= '9' && digits < 100_000_000L) {
          digits = digits * 10 + (c - '0');
          if (decimals >= 0) {
            decimals++;
          }
        } else if (c == '.' && decimals < 0) {
          decimals = 0;
        } else {
          return Double.parseDouble(s);
        }
      }
      if (i == start || decimals > 8) {
        return Double.parseDouble(s);
      }
      // Both operands are exact doubles, so the quotient is the correctly rounded value, as parsing gives.
      double magnitude = decimals <= 0 ? digits : digits / POWERS_OF_TEN[decimals];
      return negative ? -magnitude : magnitude;
    }

    private static final double[] POWERS_OF_TEN = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
  }
}
