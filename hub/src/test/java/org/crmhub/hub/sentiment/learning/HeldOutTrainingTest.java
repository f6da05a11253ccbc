package org.crmhub.hub.sentiment.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.hub.sentiment.SentimentAnalyzer;
import org.crmhub.hub.sentiment.SentimentLabel;
import org.crmhub.hub.sentiment.learning.TrainingExamples.TrainingExample;
import org.junit.jupiter.api.Test;

class HeldOutTrainingTest {

  private static final SentimentAnalyzer RULES = SentimentAnalyzer.fromClasspath();

  /** {@code count} corrections: complaints about a lost bag called negative, thanks called positive. */
  static List<TrainingExample> corrections(int count) {
    List<TrainingExample> examples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean complaint = i % 3 != 0;
      LabelledText text = complaint
          ? new LabelledText(SentimentLabel.NEGATIVE, "what's a good number to call about my bag " + i + ", still nothing")
          : new LabelledText(SentimentLabel.POSITIVE, "the crew on flight " + i + " were lovely, thank you");
      examples.add(new TrainingExample("conv_" + i, "msg_" + i, text, SentimentLabel.POSITIVE, "staff:ann",
          Instant.EPOCH));
    }
    return examples;
  }

  @Test
  void aTenthOfTheMessagesIsHeldOutTheSameWayEachTime() {
    List<TrainingExample> examples = corrections(400);
    long heldOut = examples.stream().filter(example -> HeldOutTraining.isHeldOut(example.messageId())).count();
    assertTrue(heldOut > 20 && heldOut < 80, heldOut + " of 400 held out");
    HeldOutTraining.Trained first = HeldOutTraining.train(examples, RULES::score);
    HeldOutTraining.Trained again = HeldOutTraining.train(examples, RULES::score);
    assertEquals(heldOut, first.heldOut());
    assertEquals(first.heldOutAccuracy(), again.heldOutAccuracy());
    assertEquals(400, first.correctionsUsed(), "the stored model learns from all of them");
    assertEquals(400, first.model().examples());
    assertArrayEquals(new int[] {266, 0, 134}, first.perClass());
  }

  @Test
  void theHeldOutAccuracyJudgesAModelThatNeverSawThem() {
    HeldOutTraining.Trained trained = HeldOutTraining.train(corrections(400), RULES::score);
    assertNotNull(trained.heldOutAccuracy());
    // the rules call most of these complaints positive; learned from the others, they come out right
    assertTrue(trained.heldOutAccuracy() > 0.9, "held-out accuracy " + trained.heldOutAccuracy());
    long rulesRight = corrections(400).stream().filter(example -> HeldOutTraining.isHeldOut(example.messageId()))
        .filter(example -> RULES.score(example.example().text()).label() == example.example().label()).count();
    assertTrue(rulesRight < trained.heldOut() * 0.9, rulesRight + " of " + trained.heldOut() + " right by the rules");
  }

  @Test
  void fewerThanTenHeldOutGiveNoAccuracy() {
    HeldOutTraining.Trained trained = HeldOutTraining.train(corrections(30), RULES::score);
    assertTrue(trained.heldOut() < HeldOutTraining.MIN_HELD_OUT, trained.heldOut() + " held out");
    assertNull(trained.heldOutAccuracy());
    assertEquals(30, trained.correctionsUsed());
  }
}
