package org.crmhub.hub.sentiment.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
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
    long heldOut = HeldOutTraining.heldOutMessages(examples).size();
    assertEquals(40, heldOut, "a tenth of 400");
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
    List<TrainingExample> examples = corrections(400);
    Set<String> heldOut = HeldOutTraining.heldOutMessages(examples);
    long rulesRight = examples.stream().filter(example -> heldOut.contains(example.messageId()))
        .filter(example -> RULES.score(example.example().text()).label() == example.example().label()).count();
    assertTrue(rulesRight < trained.heldOut() * 0.9, rulesRight + " of " + trained.heldOut() + " right by the rules");
  }

  /** Message ids are random: a hash that holds out each one with a tenth's chance once held out 9 of 153. */
  @Test
  void whateverTheIdsExactlyATenthIsHeldOut() {
    Random random = new Random(20261206);
    for (int round = 0; round < 500; round++) {
      List<TrainingExample> examples = new ArrayList<>();
      for (TrainingExample example : corrections(153)) {
        examples.add(new TrainingExample(example.conversationId(), new UUID(random.nextLong(), random.nextLong()).toString(),
            example.example(), example.originalLabel(), example.actor(), example.at()));
      }
      assertEquals(15, HeldOutTraining.heldOutMessages(examples).size(), "round " + round);
    }
  }

  @Test
  void fewerThanTenHeldOutGiveNoAccuracy() {
    HeldOutTraining.Trained trained = HeldOutTraining.train(corrections(30), RULES::score);
    assertTrue(trained.heldOut() < HeldOutTraining.MIN_HELD_OUT, trained.heldOut() + " held out");
    assertNull(trained.heldOutAccuracy());
    assertEquals(30, trained.correctionsUsed());
  }
}
