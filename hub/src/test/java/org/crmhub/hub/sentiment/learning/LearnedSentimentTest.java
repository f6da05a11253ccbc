package org.crmhub.hub.sentiment.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.crmhub.hub.sentiment.SentimentAnalyzer;
import org.crmhub.hub.sentiment.SentimentLabel;
import org.junit.jupiter.api.Test;

class LearnedSentimentTest {

  private static final SentimentAnalyzer RULES = SentimentAnalyzer.fromClasspath();
  private static final String COMPLAINT = "what's a good number to call about my bag, still nothing";

  @Test
  void withoutAModelItScoresExactlyAsTheRules() {
    LearnedSentiment scorer = new LearnedSentiment(RULES::score);
    assertEquals(0, scorer.version());
    for (String text : List.of(COMPLAINT, "Thanks, that fixed it!", "ok", "")) {
      assertEquals(RULES.score(text), scorer.apply(text));
    }
  }

  @Test
  void aNewerModelReplacesTheOlderAndAnOlderOneIsIgnored() {
    LearnedSentiment scorer = new LearnedSentiment(RULES::score);
    HeldOutTraining.Trained complaints = HeldOutTraining.train(HeldOutTrainingTest.corrections(60), RULES::score);
    assertEquals(SentimentLabel.POSITIVE, RULES.score(COMPLAINT).label(), "the rules get it wrong");

    scorer.use(2, complaints.model());
    assertEquals(2, scorer.version());
    assertEquals(SentimentLabel.NEGATIVE, scorer.apply(COMPLAINT).label());

    scorer.use(1, null);
    assertEquals(2, scorer.version(), "an older model loaded late is not used");
    assertNotEquals(RULES.score(COMPLAINT), scorer.apply(COMPLAINT));
  }
}
