package org.crmhub.hub.sentiment.learning;

import java.time.Duration;
import org.crmhub.connector.Environment;

/**
 * When the hubs retrain the sentiment model and look for a newer one.
 *
 * @param retrainAfter corrections (and undos, and imported texts) since the stored model was trained that start a retraining
 * @param checkEvery how often each hub looks for a newer stored model and whether a retraining is due
 */
public record LearningSettings(int retrainAfter, Duration checkEvery) {

  static final int RETRAIN_AFTER = 20;
  static final Duration CHECK_EVERY = Duration.ofSeconds(10);

  public static final LearningSettings DEFAULTS = new LearningSettings(RETRAIN_AFTER, CHECK_EVERY);

  public LearningSettings {
    if (retrainAfter < 1 || checkEvery.isNegative() || checkEvery.isZero()) {
      throw new IllegalArgumentException("retrainAfter and checkEvery must be positive");
    }
  }

  public static LearningSettings fromEnvironment(Environment env) {
    return new LearningSettings(env.positiveNumber("CRMHUB_SENTIMENT_RETRAIN_AFTER", RETRAIN_AFTER),
        Duration.ofMillis(env.positiveNumber("CRMHUB_SENTIMENT_MODEL_CHECK_MS", (int) CHECK_EVERY.toMillis())));
  }
}
