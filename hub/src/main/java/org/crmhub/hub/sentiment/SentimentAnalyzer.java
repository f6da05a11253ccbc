package org.crmhub.hub.sentiment;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule- and lexicon-based sentiment scoring for customer messages: a port of vaderSentiment 3.3.2
 * (C.J. Hutto, MIT licence; Hutto &amp; Gilbert, "VADER: A Parsimonious Rule-based Model for
 * Sentiment Analysis of Social Media Text", ICWSM-14) with rules for support text on top.
 *
 * <p>{@link #fromClasspath()} scores like VADER and in addition
 * <ul>
 *   <li>leaves out quoted email history ({@link CustomerText});
 *   <li>does not score text that is not English ({@link SentimentScore#scored()});
 *   <li>knows support phrases and words ("no problem", "still waiting", "on hold", "refund"), treats
 *       "please" and "kindly" in a support request ("Please send the invoice") and a closing "Thanks."
 *       under a request, "I hope you are well" and "Best, Julia" around a complaint as courtesy,
 *       reads a question to support as asking, not praising ("What payment methods do you
 *       accept?"), turns sarcastic praise ("Great, another delay.") negative
 *       ({@link SupportRules});
 *   <li>weighs what follows the last "but" or "however" more (VADER: the first "but" only);
 *   <li>lets negations and boosters reach back only within their clause ("Nope, still clueless."),
 *       reads a negative word after "no" as no sentiment rather than praise ("no emergency") but
 *       "no more delays" as relief, a negated negative word as faint praise at most ("not bad"),
 *       never negates laughter ("no way lol"), reaches a negation over filler words ("wouldn't be
 *       such a bad idea"), does not negate a word twice in a repeated phrase ("don't care don't
 *       care"), and gives inflected, stuttered and stretched forms of lexicon words their base word's
 *       valence ("crashes", "poorly", "h-happy", "gooood"; not "shooting" or "overwhelming");
 *   <li>averages over sentences in long texts, so a long message does not saturate to ±1;
 *   <li>reads a message without any sentiment word as the raters of VADER's sets mostly did: a
 *       negated statement as a mild complaint ("The discount doesn't show up at checkout."), else
 *       an exclamation as mild gladness ("Got the tickets!"); neither when the message asks support
 *       for something ("Please don't call before ten.", "Call me back!") or presses ("Urgent!").
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; load one with {@link #fromClasspath()} and share it.
 */
public final class SentimentAnalyzer {

  static final String LEXICON_RESOURCE = "/sentiment/vader_lexicon.txt";
  static final String EMOJI_LEXICON_RESOURCE = "/sentiment/emoji_utf8_lexicon.txt";
  static final String SUPPORT_LEXICON_RESOURCE = "/sentiment/support_lexicon.txt";
  static final String SUPPORT_EMOJI_RESOURCE = "/sentiment/support_emoji.txt";

  /** Approximate maximum expected raw score; maps sums onto (-1, 1). */
  private static final double NORMALIZATION_ALPHA = 15;
  private static final double EXCLAMATION_INCREMENT = 0.292;
  private static final int MAX_EXCLAMATIONS = 4;
  private static final double QUESTION_INCREMENT = 0.18;
  private static final double MAX_QUESTION_EMPHASIS = 0.96;
  /** From this many sentences with sentiment on, the sum is scaled to this many sentences' worth. */
  private static final int SENTENCES_BEFORE_AVERAGING = 3;

  /** What VADER returns for text without tokens: every score 0. */
  private static final SentimentScore NO_SENTIMENT =
      new SentimentScore(0.0, 0.0, 0.0, 0.0, SentimentLabel.NEUTRAL);

  private final Lexicon lexicon;
  /** Null for plain VADER. */
  private final SupportRules support;

  private SentimentAnalyzer(Lexicon lexicon, SupportRules support) {
    this.lexicon = lexicon;
    this.support = support;
  }

  /** Loads the VADER, emoji and support lexicons bundled under {@code /sentiment/} on the classpath. */
  public static SentimentAnalyzer fromClasspath() {
    SupportRules support = SupportRules.fromClasspath();
    List<String> words = new ArrayList<>(1024);
    ModifierWords.addWords(words);
    LanguageGuess.addWords(words);
    support.addWords(words);
    return new SentimentAnalyzer(Lexicon.fromClasspath(LEXICON_RESOURCE, EMOJI_LEXICON_RESOURCE,
        SUPPORT_LEXICON_RESOURCE, SUPPORT_EMOJI_RESOURCE, words), support);
  }

  /** Plain vaderSentiment 3.3.2, without the support rules, language check or quote stripping. */
  static SentimentAnalyzer vaderFromClasspath() {
    List<String> words = new ArrayList<>(256);
    ModifierWords.addWords(words);
    return new SentimentAnalyzer(Lexicon.fromClasspath(LEXICON_RESOURCE, EMOJI_LEXICON_RESOURCE, null, null, words),
        null);
  }

  /**
   * Scores one text. Null or blank text has no tokens and, as in VADER, scores 0 for the compound
   * and for all three proportions, labelled neutral. Text that is not English is not scored.
   */
  public SentimentScore score(String text) {
    if (text == null || text.isEmpty()) {
      return NO_SENTIMENT;
    }
    String own = support == null ? text : CustomerText.ownWords(text);
    String described = lexicon.replaceEmojis(own);
    Tokens tokens = Tokenizer.tokenize(described, support != null, lexicon.vocabulary());
    if (tokens.size() == 0) {
      return NO_SENTIMENT;
    }
    if (support != null) {
      String language = LanguageGuess.guess(own, tokens);
      if (!LanguageGuess.ENGLISH.equals(language)) {
        return SentimentScore.unscored(language);
      }
    }
    double[] sentiments = new SentenceScorer(lexicon, tokens, support).tokenValences();
    double sum = support == null ? sum(sentiments) : sentenceAveragedSum(sentiments, tokens);
    if (support != null && isAllZero(sentiments)) {
      return summarizeWithoutSentimentWords(tokens, sentiments, described);
    }
    return summarize(sum, sentiments, punctuationEmphasis(described));
  }

  /**
   * A message without any sentiment word: a negated statement leans negative ("Nothing happens when I
   * click it."), else an exclamation glad ("We go live next week!"), as VADER's raters judged such
   * texts; see {@link SupportRules#negatedStatement} and {@link SupportRules#mayExclaimGladness}.
   */
  private SentimentScore summarizeWithoutSentimentWords(Tokens tokens, double[] sentiments, String described) {
    int negation = support.negatedStatement(tokens);
    if (negation >= 0) {
      sentiments[negation] = SupportRules.NEGATED_STATEMENT_VALENCE;
      return summarize(SupportRules.NEGATED_STATEMENT_VALENCE, sentiments, punctuationEmphasis(described));
    }
    double gladness = exclamationEmphasis(described);
    if (gladness > 0 && support.mayExclaimGladness(tokens)) {
      // The exclamation is the only sentiment: it goes on the last word, not on top of itself.
      sentiments[sentiments.length - 1] = gladness;
      return summarize(gladness, sentiments, 0.0);
    }
    return summarize(0.0, sentiments, 0.0);
  }

  private static boolean isAllZero(double[] sentiments) {
    for (double sentiment : sentiments) {
      if (sentiment != 0) {
        return false;
      }
    }
    return true;
  }

  private static double sum(double[] sentiments) {
    double sum = 0.0;
    for (double sentiment : sentiments) {
      sum += sentiment;
    }
    return sum;
  }

  /**
   * The sum of all valences, but for a text with more than {@link #SENTENCES_BEFORE_AVERAGING}
   * sentences that carry sentiment, scaled down to that many sentences' worth: a long message is as
   * positive as its sentences on average, not as their number.
   */
  private static double sentenceAveragedSum(double[] sentiments, Tokens tokens) {
    double sum = 0.0;
    int sentences = 0;
    boolean sentenceHasSentiment = false;
    byte[] breaks = tokens.breaks();
    for (int i = 0; i < sentiments.length; i++) {
      sum += sentiments[i];
      sentenceHasSentiment |= sentiments[i] != 0;
      if (breaks[i] >= Tokens.SENTENCE_BREAK || i == sentiments.length - 1) {
        sentences += sentenceHasSentiment ? 1 : 0;
        sentenceHasSentiment = false;
      }
    }
    return sentences > SENTENCES_BEFORE_AVERAGING ? sum * SENTENCES_BEFORE_AVERAGING / sentences : sum;
  }

  /** VADER's score_valence: compound score plus positive/neutral/negative proportions. */
  private static SentimentScore summarize(double sum, double[] sentiments, double emphasis) {
    if (sum > 0) {
      sum += emphasis;
    } else if (sum < 0) {
      sum -= emphasis;
    }
    double compound = PythonText.round(normalize(sum), 4);

    double positiveSum = 0.0;
    double negativeSum = 0.0;
    int neutralCount = 0;
    for (double sentiment : sentiments) {
      // The +1/-1 offsets compensate for neutral words, which count as 1 each.
      if (sentiment > 0) {
        positiveSum += sentiment + 1;
      }
      if (sentiment < 0) {
        negativeSum += sentiment - 1;
      }
      if (sentiment == 0) {
        neutralCount++;
      }
    }
    if (positiveSum > Math.abs(negativeSum)) {
      positiveSum += emphasis;
    } else if (positiveSum < Math.abs(negativeSum)) {
      negativeSum -= emphasis;
    }
    double total = positiveSum + Math.abs(negativeSum) + neutralCount;
    return new SentimentScore(
        compound,
        PythonText.round(Math.abs(positiveSum / total), 3),
        PythonText.round(Math.abs(neutralCount / total), 3),
        PythonText.round(Math.abs(negativeSum / total), 3),
        SentimentLabel.fromCompound(compound));
  }

  private static double normalize(double score) {
    double normalized = score / Math.sqrt(score * score + NORMALIZATION_ALPHA);
    return Math.max(-1.0, Math.min(1.0, normalized));
  }

  /** Intensity added by "!" (up to four) and by two or more "?". */
  private static double punctuationEmphasis(String text) {
    int exclamations = 0;
    int questions = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '!') {
        exclamations++;
      } else if (c == '?') {
        questions++;
      }
    }
    double emphasis = exclamationEmphasis(exclamations);
    if (questions > 1) {
      emphasis += questions <= 3 ? questions * QUESTION_INCREMENT : MAX_QUESTION_EMPHASIS;
    }
    return emphasis;
  }

  /** Intensity added by "!" alone. */
  private static double exclamationEmphasis(String text) {
    int exclamations = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '!') {
        exclamations++;
      }
    }
    return exclamationEmphasis(exclamations);
  }

  private static double exclamationEmphasis(int exclamations) {
    return Math.min(exclamations, MAX_EXCLAMATIONS) * EXCLAMATION_INCREMENT;
  }
}
