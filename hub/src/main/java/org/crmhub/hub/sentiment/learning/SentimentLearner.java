package org.crmhub.hub.sentiment.learning;

import io.vertx.core.Context;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.crmhub.hub.sentiment.SentimentLabel;
import org.crmhub.hub.sentiment.SentimentScore;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * Trains the learned part of the sentiment scorer: multinomial logistic regression (Tribuo's linear
 * SGD with a log loss and AdaGrad) over {@link TextFeatures}. It learns from the team's own labelled
 * texts only: general knowledge comes in through the rule-based analyser's score, which is one of
 * the features, so a few hundred corrections are enough to learn a business's own words. (Training
 * on GoEmotions and VADER's tweets as well was tried, judged on the held-back half of the airline
 * set: it scored lower at every number of corrections, at full and at a twentieth of the weight.)
 * CPU-heavy: call it off the event loop.
 */
public final class SentimentLearner {

  // 5 and 10 epochs scored alike on the learning curve (bench/README.md); 5 trains in half the time
  static final int EPOCHS = 5;
  /** Training shuffles with this seed, so the same texts always give the same model. */
  static final long SEED = 20_261_206L;

  // Tribuo logs each training's size and classes at INFO; a command's output has no room for it
  private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

  static {
    TRIBUO_LOG.setLevel(Level.WARNING);
  }

  private static final LabelFactory LABELS = new LabelFactory();

  private SentimentLearner() {}

  /** A model learned from {@code texts} (at least one), with {@code rules} scoring each for its features. */
  public static LearnedModel train(List<LabelledText> texts, Function<String, SentimentScore> rules) {
    if (Context.isOnEventLoopThread()) {
      // seconds of CPU for thousands of texts: an event loop would stall every request it serves
      throw new IllegalStateException("training runs on a worker thread, never on an event loop");
    }
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("nothing to learn from");
    }
    MutableDataset<Label> dataset =
        new MutableDataset<>(new SimpleDataSourceProvenance("labelled texts", LABELS), LABELS);
    int[] perClass = new int[SentimentLabel.values().length];
    for (LabelledText text : texts) {
      perClass[text.label().ordinal()]++;
    }
    for (LabelledText text : texts) {
      ArrayExample<Label> example = example(new Label(text.label().wireName()), text.text(), rules.apply(text.text()));
      // every class weighs the same in all: corrections are the texts agents chose to correct, not a
      // sample of all, so how often each label occurs among them is no prior worth learning (balanced,
      // the learning curve kept its accuracy and VADER's sets lost much less, bench/README.md)
      example.setWeight((float) (texts.size() / (3.0 * perClass[text.label().ordinal()])));
      dataset.add(example);
    }
    LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.5, 0.1), EPOCHS,
        Integer.MAX_VALUE, 1, SEED);
    return new LearnedModel((LinearSGDModel) trainer.train(dataset), texts.size());
  }

  /** The example Tribuo sees for a text: its hashed words and the rules' score. */
  static ArrayExample<Label> example(Label label, String text, SentimentScore rules) {
    TextFeatures.Words words = TextFeatures.words(text);
    List<String> ruleNames = TextFeatures.ruleFeatureNames();
    double[] ruleValues = TextFeatures.ruleValues(rules);
    int size = words.buckets().length + ruleNames.size();
    String[] names = new String[size];
    double[] values = new double[size];
    for (int i = 0; i < words.buckets().length; i++) {
      names[i] = TextFeatures.BUCKET_PREFIX + words.buckets()[i];
      values[i] = words.weights()[i];
    }
    for (int i = 0; i < ruleNames.size(); i++) {
      names[words.buckets().length + i] = ruleNames.get(i);
    }
    System.arraycopy(ruleValues, 0, values, words.buckets().length, ruleValues.length);
    return new ArrayExample<>(label, names, values);
  }
}
