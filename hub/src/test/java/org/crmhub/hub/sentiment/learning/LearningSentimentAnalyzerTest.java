package org.crmhub.hub.sentiment.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.crmhub.hub.sentiment.SentimentAnalyzer;
import org.crmhub.hub.sentiment.SentimentLabel;
import org.crmhub.hub.sentiment.SentimentScore;
import org.junit.jupiter.api.Test;

class LearningSentimentAnalyzerTest {

  private static final SentimentAnalyzer RULES = SentimentAnalyzer.fromClasspath();

  @Test
  void withoutAModelScoresExactlyAsTheRules() {
    LearningSentimentAnalyzer analyzer = new LearningSentimentAnalyzer(RULES::score, null);
    for (String text : List.of("Thanks, that fixed it!", "still waiting for my refund", "ok", "")) {
      assertEquals(RULES.score(text), analyzer.apply(text));
    }
  }

  @Test
  void learnsABusinesssOwnWordsForComplaints() {
    // a complaint in the business's own word ("gronked") that the rules call positive for "wonderful"
    String complaint = "wonderful, my widget gronked";
    assertEquals(SentimentLabel.POSITIVE, RULES.score(complaint).label());
    List<LabelledText> corrections = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      corrections.add(new LabelledText(SentimentLabel.NEGATIVE, "fantastic, the widget gronked in bay " + i));
      corrections.add(new LabelledText(SentimentLabel.NEGATIVE, "great, my widget gronked " + i + " times"));
      corrections.add(new LabelledText(SentimentLabel.POSITIVE, "fantastic crew on flight " + i + ", thank you"));
      corrections.add(new LabelledText(SentimentLabel.NEUTRAL, "which gate does flight " + i + " leave from"));
    }
    LearningSentimentAnalyzer analyzer =
        new LearningSentimentAnalyzer(RULES::score, SentimentLearner.train(corrections, RULES::score));
    SentimentScore learned = analyzer.apply(complaint);
    assertEquals(SentimentLabel.NEGATIVE, learned.label());
    assertTrue(learned.compound() < 0, "compound " + learned.compound());
    assertEquals(SentimentLabel.POSITIVE, analyzer.apply("lovely crew, thank you").label());
  }

  @Test
  void aFewCorrectionsShareTheSayWithTheRules() {
    List<LabelledText> one = List.of(new LabelledText(SentimentLabel.NEGATIVE, "thanks for nothing"));
    LearnedModel model = SentimentLearner.train(one, RULES::score);
    LearningSentimentAnalyzer analyzer = new LearningSentimentAnalyzer(RULES::score, model);
    // one correction: the model has 1/11 of the say, so a clear rule verdict stands
    String praise = "Thank you, wonderful service!";
    assertEquals(SentimentLabel.POSITIVE, RULES.score(praise).label());
    assertEquals(SentimentLabel.POSITIVE, analyzer.apply(praise).label());
    double[] p = model.probabilities(praise, RULES.score(praise));
    double share = 1.0 / (1 + LearningSentimentAnalyzer.PRIOR_EXAMPLES);
    double expected = (1 - share) * RULES.score(praise).compound() + share * (p[2] - p[0]);
    assertEquals(Math.round(expected * 10_000) / 10_000.0, analyzer.apply(praise).compound(), 1e-12);
  }

  @Test
  void textTheRulesLeaveUnscoredStaysUnscored() {
    List<LabelledText> corrections = List.of(new LabelledText(SentimentLabel.NEGATIVE, "Das Paket ist nie angekommen"));
    LearningSentimentAnalyzer analyzer =
        new LearningSentimentAnalyzer(RULES::score, SentimentLearner.train(corrections, RULES::score));
    String german = "Mein Paket ist immer noch nicht angekommen und niemand antwortet mir";
    SentimentScore score = analyzer.apply(german);
    assertFalse(score.scored());
    assertEquals(RULES.score(german), score);
  }
}
