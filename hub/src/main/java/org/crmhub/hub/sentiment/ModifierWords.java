package org.crmhub.hub.sentiment;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** VADER 3.3.2's fixed word lists and empirically derived constants (Hutto & Gilbert, ICWSM-14). */
final class ModifierWords {

  /** Mean intensity change a booster ("very") or dampener ("slightly") word causes. */
  static final double BOOSTER_INCREMENT = 0.293;
  static final double BOOSTER_DECREMENT = -0.293;
  /** Mean intensity change of writing a sentiment word in ALL CAPS among mixed-case text. */
  static final double ALL_CAPS_INCREMENT = 0.733;
  /** Factor a negation applies to the valence it governs. */
  static final double NEGATION_SCALAR = -0.74;
  /** With the support rules, the factor a negation applies to a complaint: half of VADER's. */
  static final double NEGATED_NEGATIVE_SCALAR = NEGATION_SCALAR / 2;

  /**
   * A negation's effect with the support rules: VADER's factor on praise, half of it on a complaint,
   * which negated is faint praise at most ("not bad", "not a waste of time"), not its opposite.
   */
  static double negateForSupport(double valence) {
    return valence < 0 ? valence * NEGATED_NEGATIVE_SCALAR : valence * NEGATION_SCALAR;
  }

  private static final Set<String> NEGATIONS = Set.of(
      "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
      "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
      "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
      "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
      "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
      "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
      "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
      "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite");

  private static final List<String> BOOSTING_WORDS = List.of(
      "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably",
      "decidedly", "deeply", "effing", "enormous", "enormously", "entirely", "especially",
      "exceptional", "exceptionally", "extreme", "extremely", "fabulously", "flipping", "flippin",
      "frackin", "fracking", "fricking", "frickin", "frigging", "friggin", "fully", "fuckin",
      "fucking", "fuggin", "fugging", "greatly", "hella", "highly", "hugely", "incredible",
      "incredibly", "intensely", "major", "majorly", "more", "most", "particularly", "purely",
      "quite", "really", "remarkably", "so", "substantially", "thoroughly", "total", "totally",
      "tremendous", "tremendously", "uber", "unbelievably", "unusually", "utter", "utterly", "very");

  private static final List<String> DAMPENING_WORDS = List.of(
      "almost", "barely", "hardly", "kinda", "kindof", "kind-of", "less", "little", "marginal",
      "marginally", "occasional", "occasionally", "partly", "scarce", "scarcely", "slight",
      "slightly", "somewhat", "sorta", "sortof", "sort-of");

  private static final Map<String, Double> BOOSTERS = boosters();

  /** Multi-word dampeners; a single token can never match these, only the idiom n-gram check can. */
  private static final List<Phrase> DAMPENING_PHRASES = List.of(
      new Phrase(BOOSTER_DECREMENT, "just", "enough"),
      new Phrase(BOOSTER_DECREMENT, "kind", "of"),
      new Phrase(BOOSTER_DECREMENT, "sort", "of"));

  /**
   * Idioms and phrases whose valence replaces that of the lexicon word they contain. 3.3.2 also
   * lists "badass" here, which can never match a multi-word sequence, so it is left out.
   */
  private static final List<Phrase> SPECIAL_CASES = List.of(
      new Phrase(3, "the", "shit"),
      new Phrase(3, "the", "bomb"),
      new Phrase(1.5, "bad", "ass"),
      new Phrase(0.0, "bus", "stop"),
      new Phrase(-2, "yeah", "right"),
      new Phrase(-1.5, "kiss", "of", "death"),
      new Phrase(3, "to", "die", "for"),
      new Phrase(3.1, "beating", "heart"),
      new Phrase(-2.9, "broken", "heart"));

  private ModifierWords() {}

  private static Map<String, Double> boosters() {
    Map<String, Double> boosters = new HashMap<>();
    for (String word : BOOSTING_WORDS) {
      boosters.put(word, BOOSTER_INCREMENT);
    }
    for (String word : DAMPENING_WORDS) {
      boosters.put(word, BOOSTER_DECREMENT);
    }
    return Map.copyOf(boosters);
  }

  /** Every single word these lists and VADER's rules look for, for the {@link Vocabulary}. */
  static void addWords(java.util.Collection<String> into) {
    into.addAll(NEGATIONS);
    into.addAll(BOOSTERS.keySet());
    for (Phrase phrase : SPECIAL_CASES) {
      into.addAll(Arrays.asList(phrase.words));
    }
    for (Phrase phrase : DAMPENING_PHRASES) {
      into.addAll(Arrays.asList(phrase.words));
    }
    into.addAll(Arrays.asList("no", "kind", "of", "never", "so", "this", "without", "doubt", "least", "at",
        "very", "but", "or", "nor"));
  }

  static boolean isBooster(String word) {
    return BOOSTERS.containsKey(word);
  }

  /** Booster/dampener increment of a single lowercase word, or 0 when it is none. */
  static double boosterIncrement(String word) {
    Double increment = BOOSTERS.get(word);
    return increment == null ? 0.0 : increment;
  }

  /** VADER's negated(): a listed negation word or any contraction containing "n't". */
  static boolean isNegation(String word) {
    return NEGATIONS.contains(word) || word.contains("n't");
  }

  /** Valence of the special-case phrase spelled by {@code words[from, from + length)}, or NaN. */
  static double specialCase(String[] words, int from, int length) {
    return lookup(SPECIAL_CASES, words, from, length);
  }

  /** Increment of the dampening phrase spelled by {@code words[from, from + length)}, or NaN. */
  static double dampeningPhrase(String[] words, int from, int length) {
    return lookup(DAMPENING_PHRASES, words, from, length);
  }

  private static double lookup(List<Phrase> phrases, String[] words, int from, int length) {
    for (Phrase phrase : phrases) {
      if (phrase.matches(words, from, length)) {
        return phrase.valence;
      }
    }
    return Double.NaN;
  }

  /** A fixed word sequence; compared word by word so no joined strings are built per lookup. */
  private static final class Phrase {
    private final double valence;
    private final String[] words;

    Phrase(double valence, String... words) {
      this.valence = valence;
      this.words = words;
    }

    boolean matches(String[] tokens, int from, int length) {
      if (length != words.length || from < 0 || from + length > tokens.length) {
        return false;
      }
      for (int k = 0; k < length; k++) {
        if (!words[k].equals(tokens[from + k])) {
          return false;
        }
      }
      return true;
    }
  }
}
