package org.crmhub.hub.sentiment.learning;

import java.util.function.Function;
import org.crmhub.hub.sentiment.SentimentLabel;
import org.crmhub.hub.sentiment.SentimentScore;

/**
 * The rule-based analyser, leaning on a learned model as the model learns from more labelled
 * texts: with {@code n} of them the model's share is {@code n / (n + PRIOR_EXAMPLES)}, so with no
 * corrections the scores are exactly the rules' and after a hundred they are mostly the model's.
 * The class is the most likely one of the shared-out probabilities (the rules' class counting as
 * certain); the compound is shared out the same way between the rules' compound and the model's
 * P(positive) - P(negative). Text the rules leave unscored (not English) stays unscored.
 */
public final class LearningSentimentAnalyzer implements Function<String, SentimentScore> {

  /** How many labelled texts the rules count as, against the model. */
  static final int PRIOR_EXAMPLES = 10;

  private final Function<String, SentimentScore> rules;
  private final LearnedModel model;
  private final double modelShare;

  /** {@code model} null: the rules alone. */
  public LearningSentimentAnalyzer(Function<String, SentimentScore> rules, LearnedModel model) {
    this.rules = rules;
    this.model = model;
    this.modelShare = model == null ? 0 : model.examples() / (double) (model.examples() + PRIOR_EXAMPLES);
  }

  @Override
  public SentimentScore apply(String text) {
    SentimentScore ruled = rules.apply(text);
    if (model == null || !ruled.scored()) {
      return ruled;
    }
    double[] learned = model.probabilities(text, ruled);
    SentimentLabel best = ruled.label();
    double bestShare = -1;
    for (SentimentLabel label : SentimentLabel.values()) {
      double share = modelShare * learned[label.ordinal()] + (label == ruled.label() ? 1 - modelShare : 0);
      if (share > bestShare) {
        best = label;
        bestShare = share;
      }
    }
    double learnedCompound = learned[SentimentLabel.POSITIVE.ordinal()] - learned[SentimentLabel.NEGATIVE.ordinal()];
    double compound = (1 - modelShare) * ruled.compound() + modelShare * learnedCompound;
    return new SentimentScore(Math.round(compound * 10_000) / 10_000.0, ruled.positive(), ruled.neutral(),
        ruled.negative(), best, true, ruled.language());
  }
}
