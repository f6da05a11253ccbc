package org.crmhub.hub.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.crmhub.hub.sentiment.SentimentLabel;
import org.crmhub.hub.sentiment.learning.LabelledCsv;
import org.crmhub.hub.sentiment.learning.LabelledText;
import org.crmhub.hub.sentiment.learning.LearnedSentiment;
import org.crmhub.hub.sentiment.learning.SentimentModels;
import org.crmhub.hub.sentiment.learning.StoredModels;
import org.crmhub.hub.sentiment.learning.TrainingExamples;

/** Admin-only: the learned sentiment model's state, retraining it now, and importing labelled texts. */
public final class SentimentModelApi implements ApiOperations {

  /** Rows an import may hold (its size is bounded by the body limit as well). */
  static final int MAX_IMPORT_ROWS = 100_000;

  /** An import read on a worker: the texts and what the rules made of each. */
  private record Parsed(List<LabelledText> texts, List<SentimentLabel> ruleLabels) {}

  private final Vertx vertx;
  private final SentimentModels models;
  private final TrainingExamples examples;
  private final LearnedSentiment scorer;
  private final Clock clock;

  public SentimentModelApi(Vertx vertx, SentimentModels models, TrainingExamples examples, LearnedSentiment scorer,
      Clock clock) {
    this.vertx = vertx;
    this.models = models;
    this.examples = examples;
    this.scorer = scorer;
    this.clock = clock;
  }

  public void getSentimentModel(RoutingContext ctx) {
    models.status().map(this::toJson).onComplete(Responses.answer(ctx, 200));
  }

  /** 202: training goes on after the answer (seconds to minutes); the status says when it is done. */
  public void retrainSentimentModel(RoutingContext ctx) {
    models.retrainNow().compose(started -> models.status()).map(this::toJson).onComplete(Responses.answer(ctx, 202));
  }

  /** The texts count as corrections by {@value TrainingExamples#IMPORT_ACTOR}, towards the retraining threshold. */
  public void importSentimentCorrections(RoutingContext ctx) {
    String csv = ctx.body().asString();
    vertx.executeBlocking(() -> parse(csv), false)
        .compose(parsed -> examples.imported(parsed.texts(), parsed.ruleLabels(), clock.instant())
            .map(v -> new JsonObject().put("imported", parsed.texts().size())))
        .onComplete(Responses.answer(ctx, 200));
  }

  private Parsed parse(String csv) throws IOException {
    List<LabelledText> texts;
    try {
      texts = LabelledCsv.read(new StringReader(csv), MAX_IMPORT_ROWS);
    } catch (LabelledCsv.BadFile bad) {
      throw ApiProblem.badRequest("/body", bad.getMessage());
    }
    return new Parsed(texts, texts.stream().map(text -> scorer.rules().apply(text.text()).label()).toList());
  }

  private JsonObject toJson(SentimentModels.Status status) {
    StoredModels.About stored = status.stored();
    JsonObject perLabel = new JsonObject();
    for (SentimentLabel label : SentimentLabel.values()) {
      perLabel.put(label.wireName(), stored == null ? 0 : stored.perClass()[label.ordinal()]);
    }
    return new JsonObject()
        .put("version", stored == null ? 0 : stored.version())
        .put("loadedVersion", scorer.version())
        .put("trainedAt", stored == null ? null : stored.trainedAt().toString())
        .put("correctionsUsed", stored == null ? 0 : stored.correctionsUsed())
        .put("correctionsPerLabel", perLabel)
        .put("correctionsSinceTraining", status.correctionsSinceTraining())
        .put("heldOut", stored == null ? 0 : stored.heldOut())
        .put("heldOutAccuracy", stored == null ? null : stored.heldOutAccuracy())
        .put("trainingInProgress", status.training())
        .put("retrainThreshold", status.retrainAfter());
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "getSentimentModel", this::getSentimentModel,
        "retrainSentimentModel", this::retrainSentimentModel,
        "importSentimentCorrections", this::importSentimentCorrections);
  }
}
