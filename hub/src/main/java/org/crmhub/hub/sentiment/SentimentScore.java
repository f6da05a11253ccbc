package org.crmhub.hub.sentiment;

/**
 * Sentiment of one text.
 *
 * @param compound normalised, weighted sum of all valences in [-1, 1], rounded to 4 decimals; 0 for
 *                 text that was not scored
 * @param positive proportion of the text that is positive, rounded to 3 decimals
 * @param neutral  proportion of the text that is neutral, rounded to 3 decimals
 * @param negative proportion of the text that is negative, rounded to 3 decimals
 * @param label    class of {@code compound} under the ±0.05 threshold, or, once a model has learned
 *                 from labelled texts, the most likely class of the rules and the model together
 *                 ({@code LearningSentimentAnalyzer}); neutral for text that was not scored
 * @param scored   false when the text is not English (see {@code language}), so its neutral label
 *                 says nothing about its sentiment
 * @param language "en" for scored text; for text that was not scored the language it looks like
 *                 ("de", "fr", "es", "it", "pt", "nl") or "und" for text mostly in another script
 */
public record SentimentScore(double compound, double positive, double neutral, double negative, SentimentLabel label,
    boolean scored, String language) {

  /** A score of English text. */
  public SentimentScore(double compound, double positive, double neutral, double negative, SentimentLabel label) {
    this(compound, positive, neutral, negative, label, true, LanguageGuess.ENGLISH);
  }

  /** The score of text in {@code language}, which is not scored: compound 0, neutral. */
  static SentimentScore unscored(String language) {
    return new SentimentScore(0.0, 0.0, 1.0, 0.0, SentimentLabel.NEUTRAL, false, language);
  }
}
