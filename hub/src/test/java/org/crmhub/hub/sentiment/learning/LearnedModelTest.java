package org.crmhub.hub.sentiment.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.crmhub.hub.sentiment.SentimentAnalyzer;
import org.crmhub.hub.sentiment.SentimentLabel;
import org.crmhub.hub.sentiment.SentimentScore;
import org.junit.jupiter.api.Test;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

class LearnedModelTest {

  private static final SentimentAnalyzer RULES = SentimentAnalyzer.fromClasspath();

  static List<LabelledText> corrections() {
    String[][] rows = {
        {"negative", "stranded at the gate again, third time this month"},
        {"negative", "my parcel never arrived and nobody answers the phone"},
        {"negative", "missed connection, no hotel, no help"},
        {"negative", "what a great way to lose my luggage @airline"},
        {"neutral", "what time does the desk open tomorrow?"},
        {"neutral", "can I change the seat on booking 4471"},
        {"neutral", "please send the invoice to accounts@example.com"},
        {"positive", "the crew were lovely, thank you so much"},
        {"positive", "refund arrived today, thanks for sorting it"},
        {"positive", "great service at the desk 👍"},
    };
    List<LabelledText> texts = new ArrayList<>();
    for (String[] row : rows) {
      texts.add(new LabelledText(SentimentLabel.valueOf(row[0].toUpperCase()), row[1]));
    }
    return texts;
  }

  @Test
  void scoresAsTribuosOwnPrediction() {
    LearnedModel model = SentimentLearner.train(corrections(), RULES::score);
    List<String> texts = List.of("stranded again", "thank you, lovely crew", "where is the desk?",
        "a text with words the model never saw: zyxxy quorble", "", "https://example.com/a @someone !!");
    for (String text : texts) {
      SentimentScore rules = RULES.score(text);
      double[] ours = model.probabilities(text, rules);
      Prediction<Label> theirs = model.tribuoModel().predict(SentimentLearner.example(null, text, rules));
      Map<String, Label> scores = theirs.getOutputScores();
      for (SentimentLabel label : SentimentLabel.values()) {
        assertEquals(scores.get(label.wireName()).getScore(), ours[label.ordinal()], 1e-9, text + " / " + label);
      }
    }
  }

  @Test
  void theSameTextsGiveTheSameModel() {
    LearnedModel first = SentimentLearner.train(corrections(), RULES::score);
    LearnedModel second = SentimentLearner.train(corrections(), RULES::score);
    String text = "the desk was closed and I was stranded";
    SentimentScore rules = RULES.score(text);
    double[] a = first.probabilities(text, rules);
    double[] b = second.probabilities(text, rules);
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 0.0);
    }
    assertEquals(10, first.examples());
  }

  @Test
  void tribuosProtobufFormGivesBackTheSameModel() throws Exception {
    LearnedModel trained = SentimentLearner.train(corrections(), RULES::score);
    LearnedModel read = LearnedModel.fromProtobuf(trained.toProtobuf(), trained.examples());
    for (String text : List.of("stranded at the desk", "thank you, lovely crew", "zyxxy quorble", "")) {
      SentimentScore rules = RULES.score(text);
      assertArrayEquals(trained.probabilities(text, rules), read.probabilities(text, rules), 0.0, text);
    }
    assertEquals(10, read.examples());
    assertThrows(IOException.class, () -> LearnedModel.fromProtobuf(new byte[] {1, 2, 3}, 1));
  }

  @Test
  void trainingRefusesToRunOnAnEventLoop() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      CompletableFuture<Throwable> refused = new CompletableFuture<>();
      vertx.runOnContext(v -> {
        try {
          SentimentLearner.train(corrections(), RULES::score);
          refused.complete(null);
        } catch (RuntimeException e) {
          refused.complete(e);
        }
      });
      Throwable failure = refused.get(30, TimeUnit.SECONDS);
      assertInstanceOf(IllegalStateException.class, failure, "training ran on " + "an event loop");
      assertTrue(failure.getMessage().contains("event loop"), failure.getMessage());
      // and on a worker it trains
      LearnedModel model = vertx.executeBlocking(() -> SentimentLearner.train(corrections(), RULES::score), false)
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertEquals(10, model.examples());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
