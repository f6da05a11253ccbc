package org.crmhub.hub.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/** The VADER word lexicon and emoji lexicon, loaded once and read-only afterwards. */
final class Lexicon {

  private final Map<String, Double> valences;
  /** Emoji code points in ascending order, parallel to {@link #emojiDescriptions}. */
  private final int[] emojiCodePoints;
  private final String[] emojiDescriptions;

  private Lexicon(Map<String, Double> valences, int[] emojiCodePoints, String[] emojiDescriptions) {
    this.valences = valences;
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
   */
  static Lexicon fromClasspath(String lexiconResource, String emojiResource, String overlayLexicon,
      String overlayEmoji) {
    Map<String, Double> valences = new HashMap<>();
    readTabSeparated(lexiconResource, (word, measure) -> {
      // VADER looks words up lowercased, so entries such as ":D" or "O_o" can never match;
      // dropping them keeps them from overriding their lowercase twins.
      if (word.equals(word.toLowerCase(Locale.ROOT))) {
        valences.put(word, Double.parseDouble(measure));
      }
    });
    if (overlayLexicon != null) {
      readTabSeparated(overlayLexicon, (word, measure) -> {
        if (measure.equals("-")) {
          valences.remove(word);
        } else {
          valences.put(word, Double.parseDouble(measure));
        }
      });
    }
    TreeMap<Integer, String> emojis = new TreeMap<>();
    BiConsumer<String, String> emojiEntry = (emoji, description) -> {
      // VADER replaces emojis one code point at a time, so multi-code-point entries never match.
      if (emoji.codePointCount(0, emoji.length()) == 1) {
        emojis.put(emoji.codePointAt(0), description);
      }
    };
    readTabSeparated(emojiResource, emojiEntry);
    if (overlayEmoji != null) {
      readTabSeparated(overlayEmoji, emojiEntry);
    }
    int[] codePoints = emojis.keySet().stream().mapToInt(Integer::intValue).toArray();
    String[] descriptions = emojis.values().toArray(new String[0]);
    return new Lexicon(Map.copyOf(valences), codePoints, descriptions);
  }

  /** Valence of a lowercase word, or NaN when the word is not in the lexicon. */
  double valence(String lowercaseWord) {
    Double valence = valences.get(lowercaseWord);
    return valence == null ? Double.NaN : valence;
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

  /** Reads "KEY<TAB>VALUE[<TAB>...]" lines like VADER: blank lines skipped, later duplicates win. */
  private static void readTabSeparated(String resource, BiConsumer<String, String> entry) {
    InputStream stream = Lexicon.class.getResourceAsStream(resource);
    if (stream == null) {
      throw new IllegalStateException("Missing classpath resource " + resource);
    }
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      String line;
      int lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("# ")) {
          continue;
        }
        int firstTab = trimmed.indexOf('\t');
        if (firstTab <= 0) {
          throw new IllegalStateException("Malformed line " + lineNumber + " in " + resource);
        }
        int secondTab = trimmed.indexOf('\t', firstTab + 1);
        String value = secondTab < 0 ? trimmed.substring(firstTab + 1) : trimmed.substring(firstTab + 1, secondTab);
        entry.accept(trimmed.substring(0, firstTab), value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read classpath resource " + resource, e);
    }
  }
}
