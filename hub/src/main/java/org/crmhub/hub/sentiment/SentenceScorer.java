package org.crmhub.hub.sentiment;

import static org.crmhub.hub.sentiment.ModifierWords.ALL_CAPS_INCREMENT;
import static org.crmhub.hub.sentiment.ModifierWords.NEGATED_NEGATIVE_SCALAR;
import static org.crmhub.hub.sentiment.ModifierWords.NEGATION_SCALAR;

import java.util.Set;

/**
 * Applies VADER 3.3.2's word-order rules to the tokens of one text and yields one valence per token.
 * With {@link SupportRules} it first fixes the valence of support phrases ("no problem", "on hold")
 * and afterwards applies the support rules (sarcasm, courtesy, contrast) instead of VADER's "but".
 * One instance per scored text; it is not shared between threads.
 */
final class SentenceScorer {

  /** How many preceding words a booster or negation may reach back over. */
  private static final int WINDOW = 3;
  /** Words a negation reaches over beyond VADER's window: "wouldn't be such a bad idea". */
  private static final Set<String> FILLERS = Set.of("a", "an", "be", "been", "such");
  /** Laughter, which negations do not reach. */
  private static final Set<String> LAUGHTER = Set.of(
      "lol", "lolz", "lulz", "lmao", "lmfao", "rofl", "roflmao", "haha", "hahaha", "hehe", "xd", "jk");

  /** Lowercase tokens as VADER's rules see them; tokens of a fixed phrase are blanked out. */
  private final String[] words;
  private final boolean[] allCaps;
  private final Tokens tokens;
  /** Null for plain VADER. */
  private final SupportRules support;
  /** Per token: valence fixed by a support phrase, NaN otherwise; null for plain VADER. */
  private final double[] fixed;
  /** Lexicon valence per token, NaN for words not in the lexicon. */
  private final double[] lexiconValences;
  /** True when some, but not all, tokens are ALL CAPS; only then does capitalisation add emphasis. */
  private final boolean capsEmphasis;
  private final int size;

  SentenceScorer(Lexicon lexicon, Tokens tokens, SupportRules support) {
    this.tokens = tokens;
    this.allCaps = tokens.allCaps();
    this.size = tokens.size();
    this.support = support;
    this.lexiconValences = new double[size];
    if (support == null) {
      this.words = tokens.words();
      this.fixed = null;
    } else {
      this.fixed = support.fixedValences(tokens, lexicon);
      this.words = fixed == null ? tokens.words() : SupportRules.blankFixed(tokens, fixed);
    }
    int allCapsCount = 0;
    for (int i = 0; i < size; i++) {
      lexiconValences[i] = fixed != null && !Double.isNaN(fixed[i]) ? Double.NaN : lexicon.valence(words[i]);
      if (allCaps[i]) {
        allCapsCount++;
      }
    }
    if (support != null) {
      support.scopeLexicon(tokens, lexiconValences);
    }
    int mixedCaseCount = size - allCapsCount;
    this.capsEmphasis = mixedCaseCount > 0 && mixedCaseCount < size;
  }

  /** Valence of every token after all rules, including the contrastive "but". */
  double[] tokenValences() {
    double[] sentiments = new double[size];
    for (int i = 0; i < size; i++) {
      if (fixed != null && !Double.isNaN(fixed[i])) {
        sentiments[i] = fixed[i];
        continue;
      }
      String word = words[i];
      // Boosters and "kind of" only modify their neighbours; they carry no valence themselves.
      if (ModifierWords.isBooster(word)) {
        continue;
      }
      if (i < size - 1 && word.equals("kind") && words[i + 1].equals("of")) {
        continue;
      }
      sentiments[i] = valenceAt(i);
    }
    if (support == null) {
      applyContrastiveBut(sentiments);
    } else {
      support.adjust(tokens, sentiments, fixed);
    }
    return sentiments;
  }

  /** In the lexicon, or part of a fixed support phrase (which, like a lexicon word, modifies nothing). */
  private boolean inLexicon(int index) {
    return !Double.isNaN(lexiconValences[index]) || (fixed != null && !Double.isNaN(fixed[index]));
  }

  private double valenceAt(int i) {
    if (Double.isNaN(lexiconValences[i])) {
      return 0.0;
    }
    double lexiconValence = lexiconValences[i];
    double valence = lexiconValence;
    // "no" directly before another lexicon word acts as its negation, not as a negative word
    // (in VADER; with the support rules it stays negative, see below).
    if (words[i].equals("no") && i != size - 1 && inLexicon(i + 1)) {
      if (support == null) {
        valence = 0.0;
      }
    }
    if (support != null && words[i].equals("no") && startsNoMore(i)
        && (i == 0 || tokens.breaks()[i - 1] != Tokens.NO_BREAK || negativeFollows(i + 2))) {
      // "No more delays!", "no more wasted time": no refusal; what follows decides. ("I have no more
      // patience" stays negative.)
      valence = 0.0;
    }
    // How many preceding words may modify this one: any for VADER, those of its own clause with the
    // support rules ("Nope, still clueless." negates nothing).
    int reach = support == null ? i : clauseReach(i);
    // Laughter and emoticons comment on the text rather than belong to it: nothing negates them
    // ("no way lol", "not me haha", "trying not to cry :(").
    boolean negatable = support == null || !(LAUGHTER.contains(words[i]) || isEmoticon(words[i]));
    if (negatable && support != null && lexiconValence < 0 && ((reach > 1 && startsNoMore(i - 2))
        || (reach > 2 && startsNoMore(i - 3)))) {
      // "no more delays", "no more annoying beeps": relief, read like a negated negative word.
      valence = lexiconValence * NEGATED_NEGATIVE_SCALAR;
    } else if (negatable && ((reach > 0 && words[i - 1].equals("no"))
        || (reach > 1 && words[i - 2].equals("no"))
        || (reach > 2 && words[i - 3].equals("no") && (words[i - 1].equals("or") || words[i - 1].equals("nor"))))) {
      // VADER turns "no emergency" into praise; with the support rules a negative word after "no"
      // counts nothing, and "no" keeps its own negative valence above.
      valence = support != null && lexiconValence < 0 ? 0.0 : lexiconValence * NEGATION_SCALAR;
    }
    if (allCaps[i] && capsEmphasis) {
      valence = valence > 0 ? valence + ALL_CAPS_INCREMENT : valence - ALL_CAPS_INCREMENT;
    }
    for (int distance = 0; distance < WINDOW; distance++) {
      int preceding = i - (distance + 1);
      // Only words outside the lexicon act as modifiers.
      if (reach > distance && !inLexicon(preceding)) {
        double scalar = boosterScalar(preceding, valence);
        // Boosters further away have less effect.
        if (distance == 1 && scalar != 0) {
          scalar = scalar * 0.95;
        }
        if (distance == 2 && scalar != 0) {
          scalar = scalar * 0.9;
        }
        valence = valence + scalar;
        if (negatable) {
          valence = applyNegation(valence, distance, i);
        }
        if (distance == 2) {
          valence = applySpecialIdioms(valence, i);
        }
      }
    }
    if (support != null && negatable && negationBeyondWindow(i, reach)) {
      valence = negate(valence);
    }
    return applyLeast(valence, i);
  }

  /**
   * A negation four or five words back that VADER's three-word window misses only because of filler
   * words between ("wouldn't be such a bad idea", "never been a massive fan").
   */
  private boolean negationBeyondWindow(int i, int reach) {
    int content = 0;
    for (int k = i - 1; k >= Math.max(0, i - 5) && i - k <= reach; k--) {
      if (ModifierWords.isNegation(words[k])) {
        return i - k > WINDOW && content <= 1;
      }
      if (inLexicon(k)) {
        return false;
      }
      if (!FILLERS.contains(words[k])) {
        content++;
      }
    }
    return false;
  }

  /** A token made of more than letters, digits, apostrophes and hyphens: ":(", "d:", "<3", "^_^". */
  private static boolean isEmoticon(String word) {
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '\'' || c == '-')) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether "no more" starts at {@code i} and goes on in its clause, but not as a comparison: "no
   * more delays", not "no more than two", "no more exciting than TV" or a closing "No more.".
   */
  private boolean startsNoMore(int i) {
    byte[] breaks = tokens.breaks();
    if (i < 0 || i + 2 >= size || !words[i].equals("no") || !words[i + 1].equals("more")
        || breaks[i] != Tokens.NO_BREAK || breaks[i + 1] != Tokens.NO_BREAK) {
      return false;
    }
    for (int k = i + 2; k < Math.min(size, i + 5); k++) {
      if (words[k].equals("than")) {
        return false;
      }
      if (breaks[k] != Tokens.NO_BREAK) {
        break;
      }
    }
    return true;
  }

  /** A word with negative lexicon valence at {@code i} or right after it, in its clause. */
  private boolean negativeFollows(int i) {
    for (int k = i; k < Math.min(size, i + 2); k++) {
      if (lexiconValences[k] < 0) {
        return true;
      }
      if (tokens.breaks()[k] != Tokens.NO_BREAK) {
        break;
      }
    }
    return false;
  }

  /** Number of words before {@code i} in its clause: back to the last clause or sentence break. */
  private int clauseReach(int i) {
    byte[] breaks = tokens.breaks();
    int k = i - 1;
    while (k >= 0 && breaks[k] == Tokens.NO_BREAK) {
      k--;
    }
    return i - 1 - k;
  }

  /** VADER's scalar_inc_dec: the push a booster word at {@code index} gives to {@code valence}. */
  private double boosterScalar(int index, double valence) {
    if (!ModifierWords.isBooster(words[index])) {
      return 0.0;
    }
    double scalar = ModifierWords.boosterIncrement(words[index]);
    if (valence < 0) {
      scalar *= -1;
    }
    if (allCaps[index] && capsEmphasis) {
      if (valence > 0) {
        scalar += ALL_CAPS_INCREMENT;
      } else {
        scalar -= ALL_CAPS_INCREMENT;
      }
    }
    return scalar;
  }

  /** VADER's _negation_check for the word {@code distance + 1} positions before {@code i}. */
  private double applyNegation(double valence, int distance, int i) {
    if (distance == 0) {
      if (ModifierWords.isNegation(words[i - 1])) {
        valence = negate(valence);
      }
    } else if (distance == 1) {
      if (words[i - 2].equals("never") && isSoOrThis(words[i - 1])) {
        valence = valence * 1.25;
      } else if (words[i - 2].equals("without") && words[i - 1].equals("doubt")) {
        // "without doubt" affirms rather than negates.
        return valence;
      } else if (ModifierWords.isNegation(words[i - 2])) {
        valence = negate(valence);
      }
    } else {
      // As in 3.3.2, "so"/"this" right before the word boosts it even without a "never".
      if ((words[i - 3].equals("never") && isSoOrThis(words[i - 2])) || isSoOrThis(words[i - 1])) {
        valence = valence * 1.25;
      } else if (words[i - 3].equals("without") && (words[i - 2].equals("doubt") || words[i - 1].equals("doubt"))) {
        return valence;
      } else if (ModifierWords.isNegation(words[i - 3]) && !(support != null && negatesAnotherWord(i - 3, i))) {
        valence = negate(valence);
      }
    }
    return valence;
  }

  /**
   * Whether the negation at {@code negation} has a word of its own before {@code i}, which another
   * negation then negates ("don't care don't care"): VADER negates {@code i} by both and turns it
   * around. "neither fast nor good" keeps both.
   */
  private boolean negatesAnotherWord(int negation, int i) {
    return inLexicon(negation + 1) && negation + 2 == i - 1 && ModifierWords.isNegation(words[i - 1])
        && !words[i - 1].equals("nor");
  }

  /** A negation's effect on {@code valence}: VADER's, or {@link ModifierWords#negateForSupport}. */
  private double negate(double valence) {
    return support != null ? ModifierWords.negateForSupport(valence) : valence * NEGATION_SCALAR;
  }

  private static boolean isSoOrThis(String word) {
    return word.equals("so") || word.equals("this");
  }

  /** VADER's _special_idioms_check around word {@code i} (only reached when i >= 3). */
  private double applySpecialIdioms(double valence, int i) {
    // Sequences ending at or just before i, in VADER's order; the first match wins.
    double idiom = ModifierWords.specialCase(words, i - 1, 2);
    if (Double.isNaN(idiom)) {
      idiom = ModifierWords.specialCase(words, i - 2, 3);
    }
    if (Double.isNaN(idiom)) {
      idiom = ModifierWords.specialCase(words, i - 2, 2);
    }
    if (Double.isNaN(idiom)) {
      idiom = ModifierWords.specialCase(words, i - 3, 3);
    }
    if (Double.isNaN(idiom)) {
      idiom = ModifierWords.specialCase(words, i - 3, 2);
    }
    if (!Double.isNaN(idiom)) {
      valence = idiom;
    }
    // Sequences starting at i override the above.
    if (size - 1 > i) {
      double following = ModifierWords.specialCase(words, i, 2);
      if (!Double.isNaN(following)) {
        valence = following;
      }
    }
    if (size - 1 > i + 1) {
      double following = ModifierWords.specialCase(words, i, 3);
      if (!Double.isNaN(following)) {
        valence = following;
      }
    }
    // Dampening bigrams such as "kind of" or "sort of" before the word.
    double dampener = ModifierWords.dampeningPhrase(words, i - 3, 2);
    if (!Double.isNaN(dampener)) {
      valence = valence + dampener;
    }
    dampener = ModifierWords.dampeningPhrase(words, i - 2, 2);
    if (!Double.isNaN(dampener)) {
      valence = valence + dampener;
    }
    return valence;
  }

  /** "least" before a word negates it, except in "at least" and "very least". */
  private double applyLeast(double valence, int i) {
    if (i > 1 && !inLexicon(i - 1) && words[i - 1].equals("least")) {
      if (!words[i - 2].equals("at") && !words[i - 2].equals("very")) {
        valence = valence * NEGATION_SCALAR;
      }
    } else if (i > 0 && !inLexicon(i - 1) && words[i - 1].equals("least")) {
      valence = valence * NEGATION_SCALAR;
    }
    return valence;
  }

  /**
   * Halves valences before the first "but" and raises those after it by half. Reproduces 3.3.2's
   * list walk exactly: it rewrites the first element equal to the current value, which is not always
   * the current position when two tokens carry the same valence.
   */
  private void applyContrastiveBut(double[] sentiments) {
    int butIndex = -1;
    for (int i = 0; i < size; i++) {
      if (words[i].equals("but")) {
        butIndex = i;
        break;
      }
    }
    if (butIndex < 0) {
      return;
    }
    for (int k = 0; k < size; k++) {
      double value = sentiments[k];
      if (value == 0) {
        continue; // scaling zero changes nothing
      }
      int target = 0;
      while (sentiments[target] != value) {
        target++;
      }
      if (target < butIndex) {
        sentiments[target] = value * 0.5;
      } else if (target > butIndex) {
        sentiments[target] = value * 1.5;
      }
    }
  }
}
