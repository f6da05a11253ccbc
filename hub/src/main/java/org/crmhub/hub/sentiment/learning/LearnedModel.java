package org.crmhub.hub.sentiment.learning;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.crmhub.hub.sentiment.SentimentLabel;
import org.crmhub.hub.sentiment.SentimentScore;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.protos.core.ModelProto;

/**
 * A multinomial logistic regression Tribuo trained on labelled texts, and how many it learned from.
 * Scoring does not go through Tribuo's {@code predict} (which builds an example and a sparse vector
 * per call): the weights are copied once into arrays indexed by hashed bucket, so a text costs one
 * sparse dot product per class and a softmax. {@code LearnedModelTest} checks the result against
 * Tribuo's own prediction.
 */
public final class LearnedModel {

  private static final int CLASSES = SentimentLabel.values().length;

  private final LinearSGDModel model;
  private final int examples;
  /** Column of each hashed bucket in the weights, -1 for a bucket the training never saw. */
  private final int[] columnOfBucket = new int[TextFeatures.BUCKETS];
  private final int[] ruleColumns;
  /** weights[c][column] for class c in {@link SentimentLabel} order; the last column is the bias. */
  private final double[][] weights = new double[CLASSES][];

  LearnedModel(LinearSGDModel model, int examples) {
    this.model = model;
    this.examples = examples;
    ImmutableFeatureMap features = model.getFeatureIDMap();
    ImmutableOutputInfo<Label> outputs = model.getOutputIDInfo();
    DenseMatrix matrix = model.getWeightsCopy();
    Arrays.fill(columnOfBucket, -1);
    for (int column = 0; column < features.size(); column++) {
      String name = features.get(column).getName();
      if (name.startsWith(TextFeatures.BUCKET_PREFIX)) {
        columnOfBucket[Integer.parseInt(name.substring(TextFeatures.BUCKET_PREFIX.length()))] = column;
      }
    }
    List<String> ruleNames = TextFeatures.ruleFeatureNames();
    ruleColumns = new int[ruleNames.size()];
    for (int i = 0; i < ruleColumns.length; i++) {
      ruleColumns[i] = features.getID(ruleNames.get(i));
    }
    for (SentimentLabel label : SentimentLabel.values()) {
      int row = outputs.getID(new Label(label.wireName()));
      double[] classWeights = new double[features.size() + 1];
      if (row >= 0) {
        for (int column = 0; column < classWeights.length; column++) {
          classWeights[column] = matrix.get(row, column);
        }
      } else {
        // a class no example had: never chosen
        classWeights[features.size()] = Double.NEGATIVE_INFINITY;
      }
      weights[label.ordinal()] = classWeights;
    }
  }

  /** How many labelled texts the model learned from. */
  public int examples() {
    return examples;
  }

  /** The model as Tribuo keeps it (for its protobuf form). */
  public Model<Label> tribuoModel() {
    return model;
  }

  /** Tribuo's own protobuf form of the model, as stored in Redis. */
  public byte[] toProtobuf() {
    return model.serialize().toByteArray();
  }

  /** The model {@link #toProtobuf} wrote; {@code examples} is how many texts it learned from. */
  public static LearnedModel fromProtobuf(byte[] protobuf, int examples) throws IOException {
    Model<?> read = Model.deserialize(ModelProto.parseFrom(protobuf));
    if (!(read instanceof LinearSGDModel linear) || !linear.validate(Label.class)) {
      throw new IOException("not a sentiment model: " + read.getClass().getName());
    }
    return new LearnedModel(linear, examples);
  }

  /** The probability of each class, in {@link SentimentLabel} order, given the text and the rules' score of it. */
  public double[] probabilities(String text, SentimentScore rules) {
    TextFeatures.Words words = TextFeatures.words(text);
    double[] ruleValues = TextFeatures.ruleValues(rules);
    double[] scores = new double[CLASSES];
    for (int c = 0; c < CLASSES; c++) {
      double[] w = weights[c];
      double sum = w[w.length - 1];
      int[] buckets = words.buckets();
      double[] values = words.weights();
      for (int i = 0; i < buckets.length; i++) {
        int column = columnOfBucket[buckets[i]];
        if (column >= 0) {
          sum += w[column] * values[i];
        }
      }
      for (int i = 0; i < ruleColumns.length; i++) {
        if (ruleColumns[i] >= 0) {
          sum += w[ruleColumns[i]] * ruleValues[i];
        }
      }
      scores[c] = sum;
    }
    return softmax(scores);
  }

  private static double[] softmax(double[] scores) {
    double max = Double.NEGATIVE_INFINITY;
    for (double s : scores) {
      max = Math.max(max, s);
    }
    double total = 0;
    double[] p = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      p[i] = Math.exp(scores[i] - max);
      total += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= total;
    }
    return p;
  }
}
