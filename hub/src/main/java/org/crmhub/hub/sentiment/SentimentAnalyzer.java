package org.crmhub.hub.sentiment;

/**
 * Rule- and lexicon-based sentiment scoring, a port of vaderSentiment 3.3.2 (C.J. Hutto, MIT licence;
 * Hutto &amp; Gilbert, "VADER: A Parsimonious Rule-based Model for Sentiment Analysis of Social Media
 * Text", ICWSM-14).
 *
 * <p>Instances are immutable and thread-safe; load one with {@link #fromClasspath()} and share it.
 */
public final class SentimentAnalyzer {

  static final String LEXICON_RESOURCE = "/sentiment/vader_lexicon.txt";
  static final String EMOJI_LEXICON_RESOURCE = "/sentiment/emoji_utf8_lexicon.txt";

  /** Approximate maximum expected raw score; maps sums onto (-1, 1). */
  private static final double NORMALIZATION_ALPHA = 15;
  private static final double EXCLAMATION_INCREMENT = 0.292;
  private static final int MAX_EXCLAMATIONS = 4;
  private static final double QUESTION_INCREMENT = 0.18;
  private static final double MAX_QUESTION_EMPHASIS = 0.96;

  /** What VADER returns for text without tokens: every score 0. */
  private static final SentimentScore NO_SENTIMENT =
      new SentimentScore(0.0, 0.0, 0.0, 0.0, SentimentLabel.NEUTRAL);

  private final Lexicon lexicon;

  private SentimentAnalyzer(Lexicon lexicon) {
    this.lexicon = lexicon;
  }

  /** Loads the VADER and emoji lexicons bundled under {@code /sentiment/} on the classpath. */
  public static SentimentAnalyzer fromClasspath() {
    return new SentimentAnalyzer(Lexicon.fromClasspath(LEXICON_RESOURCE, EMOJI_LEXICON_RESOURCE));
  }

  /**
   * Scores one text. Null or blank text has no tokens and, as in VADER, scores 0 for the compound
   * and for all three proportions, labelled neutral.
   */
  public SentimentScore score(String text) {
    if (text == null || text.isEmpty()) {
      return NO_SENTIMENT;
    }
    String described = lexicon.replaceEmojis(text);
    Tokens tokens = Tokenizer.tokenize(described);
    if (tokens.size() == 0) {
      return NO_SENTIMENT;
    }
    double[] sentiments = new SentenceScorer(lexicon, tokens).tokenValences();
    return summarize(sentiments, punctuationEmphasis(described));
  }

  /** VADER's score_valence: compound score plus positive/neutral/negative proportions. */
  private static SentimentScore summarize(double[] sentiments, double emphasis) {
    double sum = 0.0;
    for (double sentiment : sentiments) {
      sum += sentiment;
    }
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
    double emphasis = Math.min(exclamations, MAX_EXCLAMATIONS) * EXCLAMATION_INCREMENT;
    if (questions > 1) {
      emphasis += questions <= 3 ? questions * QUESTION_INCREMENT : MAX_QUESTION_EMPHASIS;
    }
    return emphasis;
  }
}
