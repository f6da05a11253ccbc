package org.crmhub.hub.sentiment.learning;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.crmhub.hub.sentiment.SentimentLabel;
import org.crmhub.hub.sentiment.SentimentScore;
import org.crmhub.hub.sentiment.learning.TrainingExamples.TrainingExample;

/**
 * Trains the model the hubs store from the team's corrections, and says how well it does on
 * corrections it never saw: a tenth of the messages (chosen by a hash of the message id, so the
 * same corrections always fall the same way) is held out while a first model learns from the
 * rest, the combined scorer's accuracy on the held-out ones is measured, and then the stored
 * model learns from all of them. CPU-heavy: call it on a worker.
 */
public final class HeldOutTraining {

  /** Below this many held-out corrections an accuracy says too little to show. */
  static final int MIN_HELD_OUT = 10;
  private static final int HELD_OUT_ONE_IN = 10;

  /**
   * @param heldOutAccuracy the combined scorer's accuracy on the held-out tenth, null when fewer than {@value #MIN_HELD_OUT}
   * @param perClass how many corrections said each label, in {@link SentimentLabel} order
   */
  public record Trained(LearnedModel model, int correctionsUsed, int heldOut, Double heldOutAccuracy,
      int[] perClass) {}

  private HeldOutTraining() {}

  /** {@code examples} at least one. */
  public static Trained train(List<TrainingExample> examples, Function<String, SentimentScore> rules) {
    List<LabelledText> learned = new ArrayList<>();
    List<LabelledText> heldOut = new ArrayList<>();
    List<LabelledText> all = new ArrayList<>();
    int[] perClass = new int[SentimentLabel.values().length];
    for (TrainingExample example : examples) {
      (isHeldOut(example.messageId()) ? heldOut : learned).add(example.example());
      all.add(example.example());
      perClass[example.example().label().ordinal()]++;
    }
    Double accuracy = heldOut.size() < MIN_HELD_OUT || learned.isEmpty()
        ? null : accuracy(new LearningSentimentAnalyzer(rules, SentimentLearner.train(learned, rules)), heldOut);
    return new Trained(SentimentLearner.train(all, rules), all.size(), heldOut.size(), accuracy, perClass);
  }

  /** Whether a message's correction is kept back to judge the model (one in ten, by message id). */
  static boolean isHeldOut(String messageId) {
    return Math.floorMod(messageId.hashCode(), HELD_OUT_ONE_IN) == 0;
  }

  private static double accuracy(Function<String, SentimentScore> scorer, List<LabelledText> texts) {
    int right = 0;
    for (LabelledText text : texts) {
      if (scorer.apply(text.text()).label() == text.label()) {
        right++;
      }
    }
    return Math.round(10_000.0 * right / texts.size()) / 10_000.0;
  }
}
