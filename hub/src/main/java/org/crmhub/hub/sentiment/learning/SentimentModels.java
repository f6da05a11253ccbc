package org.crmhub.hub.sentiment.learning;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import org.crmhub.hub.channels.RedisLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this hub's sentiment scorer on the newest model in Redis, and retrains that model when
 * enough corrections came since it was trained (or an admin asks). Every
 * {@link LearningSettings#checkEvery} each hub reads the stored version and loads a newer model on
 * a worker; a retraining that is due is done by one hub at a time, the one that takes the
 * {@value #LEASE} lease, on a worker (training is seconds of CPU), and stored with the next
 * version, which the other hubs load at their next check.
 */
public final class SentimentModels {

  static final String LEASE = "sentiment-training";
  /** Far longer than a training takes; a hub that dies mid-training blocks the others this long at most. */
  private static final Duration LEASE_TIME = Duration.ofMinutes(30);
  private static final Logger LOG = LoggerFactory.getLogger(SentimentModels.class);

  /**
   * The model's state as an admin sees it.
   *
   * @param stored null when no model is stored (the rules score alone)
   * @param correctionsSinceTraining entries recorded since the stored model read them (all when none is stored)
   * @param training whether a hub is training now
   */
  public record Status(StoredModels.About stored, long correctionsSinceTraining, boolean training, int retrainAfter) {}

  private final Vertx vertx;
  private final TrainingExamples examples;
  private final StoredModels models;
  private final RedisLeases leases;
  private final LearnedSentiment scorer;
  private final LearningSettings settings;
  private final Clock clock;
  private long timer = -1;
  private boolean checking;
  private boolean trainingHere;

  public SentimentModels(Vertx vertx, TrainingExamples examples, StoredModels models, RedisLeases leases,
      LearnedSentiment scorer, LearningSettings settings, Clock clock) {
    this.vertx = vertx;
    this.examples = examples;
    this.models = models;
    this.leases = leases;
    this.scorer = scorer;
    this.settings = settings;
    this.clock = clock;
  }

  /** Loads the newest stored model (so a hub files nothing before it scores as the others), then checks regularly. */
  public Future<Void> start() {
    return loadIfNewer().onSuccess(v -> timer = vertx.setPeriodic(settings.checkEvery().toMillis(), id -> check()));
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** Loads a newer stored model if there is one, then starts a retraining if enough corrections came. */
  Future<Void> check() {
    if (checking) {
      return Future.succeededFuture();
    }
    checking = true;
    return loadIfNewer()
        .compose(v -> retrain(false))
        .<Void>mapEmpty()
        .onFailure(failure -> LOG.warn("sentiment model check failed ({}); the next check tries again",
            failure.toString()))
        .onComplete(done -> checking = false);
  }

  /**
   * An admin asked: retrains from every current correction, unless a hub is training already.
   * Answers once this hub took the lease and started (true), or another hub holds it or there is
   * nothing to learn from (false); the training goes on after that.
   */
  public Future<Boolean> retrainNow() {
    return retrain(true);
  }

  /** The scorer this hub's ingest uses, on the newest model it loaded. */
  public LearnedSentiment scorer() {
    return scorer;
  }

  public Future<Status> status() {
    return Future.all(models.about(), examples.recorded(), leases.held(LEASE))
        .map(all -> {
          StoredModels.About stored = all.resultAt(0);
          long recorded = all.resultAt(1);
          return new Status(stored, recorded - (stored == null ? 0 : stored.streamLength()), all.resultAt(2),
              settings.retrainAfter());
        });
  }

  private Future<Void> loadIfNewer() {
    return models.version().compose(version -> version <= scorer.version()
        ? Future.succeededFuture()
        : models.newest().compose(stored -> vertx.executeBlocking(() -> {
          scorer.use(stored.about().version(),
              LearnedModel.fromProtobuf(stored.protobuf(), stored.about().correctionsUsed()));
          return null;
        }, false)));
  }

  private Future<Boolean> retrain(boolean asked) {
    if (trainingHere) {
      return Future.succeededFuture(true);
    }
    return due(asked)
        .compose(due -> due ? leases.acquire(LEASE, LEASE_TIME) : Future.succeededFuture(false))
        .map(held -> {
          if (held) {
            trainHoldingLease(asked);
          }
          return held;
        });
  }

  private void trainHoldingLease(boolean asked) {
    trainingHere = true;
    // asked again under the lease: another hub may have trained between the first look and the lease
    due(asked)
        .compose(due -> due ? train() : Future.<Void>succeededFuture())
        .eventually(() -> leases.release(LEASE))
        .onFailure(failure -> LOG.warn("sentiment model training failed ({}); the next check tries again",
            failure.toString()))
        .onComplete(done -> trainingHere = false);
  }

  private Future<Boolean> due(boolean asked) {
    return status().map(status -> status.correctionsSinceTraining() >= (asked ? 1 : settings.retrainAfter())
        || asked && status.stored() != null);
  }

  private Future<Void> train() {
    // the length first: what is appended while the corrections are read counts as new next time
    return examples.recorded().compose(length -> examples.current().compose(current -> current.isEmpty()
        ? Future.<Void>succeededFuture()
        : vertx.executeBlocking(() -> HeldOutTraining.train(current, scorer.rules()), false)
            .compose(trained -> models.store(trained, length, clock.instant())
                .map(version -> {
                  scorer.use(version, trained.model());
                  LOG.info("sentiment model {} trained on {} correction(s), held-out accuracy {}", version,
                      trained.correctionsUsed(), trained.heldOutAccuracy());
                  return null;
                }))));
  }
}
