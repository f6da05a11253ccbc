package org.crmhub.hub.sentiment.learning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.crmhub.hub.sentiment.SentimentLabel;
import org.crmhub.hub.sentiment.SentimentScore;
import org.crmhub.hub.sentiment.learning.TrainingExamples.TrainingExample;

/**
 * Trains the model the hubs store from the team's corrections, and says how well it does on
 * corrections it never saw: exactly a tenth of the messages (those whose ids hash lowest, so the
 * same corrections always fall the same way, and a hundred corrections always hold out ten) is held out while a first model learns from the
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
    Set<String> heldOutMessages = heldOutMessages(examples);
    for (TrainingExample example : examples) {
      (heldOutMessages.contains(example.messageId()) ? heldOut : learned).add(example.example());
      all.add(example.example());
      perClass[example.example().label().ordinal()]++;
    }
    Double accuracy = heldOut.size() < MIN_HELD_OUT || learned.isEmpty()
        ? null : accuracy(new LearningSentimentAnalyzer(rules, SentimentLearner.train(learned, rules)), heldOut);
    return new Trained(SentimentLearner.train(all, rules), all.size(), heldOut.size(), accuracy, perClass);
  }

  /**
   * The messages whose corrections are kept back to judge the model: a tenth of them, rounded
   * down, taken in the order of a mixed hash of their ids (ties by id). A per-message coin of one
   * in ten would hold out 9 of 153 as often as 1 time in 14.
   */
  static Set<String> heldOutMessages(List<TrainingExample> examples) {
    List<String> messages = examples.stream().map(TrainingExample::messageId).distinct()
        .sorted(Comparator.comparingInt(HeldOutTraining::mixedHash).thenComparing(Comparator.naturalOrder()))
        .toList();
    return new HashSet<>(messages.subList(0, messages.size() / HELD_OUT_ONE_IN));
  }

  /** String.hashCode of ids that differ only at the end sorts them nearly in order; mixed, they spread. */
  private static int mixedHash(String messageId) {
    int hash = messageId.hashCode() * 0x9E3779B9;
    return hash ^ (hash >>> 16);
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
