package org.crmhub.hub.sentiment.learning;

import java.util.function.Function;
import org.crmhub.hub.sentiment.SentimentScore;

/**
 * The scorer ingest uses: the rules leaning on the newest learned model this hub loaded. A newer
 * model replaces the older in one step, so each text is scored wholly by one of them; until a
 * model is loaded it scores exactly as the rules.
 */
public final class LearnedSentiment implements Function<String, SentimentScore> {

  /** A scorer and the version of the stored model it uses (0: none, the rules alone). */
  private record Current(long version, LearningSentimentAnalyzer scorer) {}

  private final Function<String, SentimentScore> rules;
  private volatile Current current;

  public LearnedSentiment(Function<String, SentimentScore> rules) {
    this.rules = rules;
    this.current = new Current(0, new LearningSentimentAnalyzer(rules, null));
  }

  @Override
  public SentimentScore apply(String text) {
    return current.scorer().apply(text);
  }

  /** The rule-based analyser the model leans on. */
  public Function<String, SentimentScore> rules() {
    return rules;
  }

  /** The version of the stored model in use; 0 for none. */
  public long version() {
    return current.version();
  }

  /** Uses {@code model} from now on, unless a model as new or newer is in use already. */
  synchronized void use(long version, LearnedModel model) {
    if (version > current.version()) {
      current = new Current(version, new LearningSentimentAnalyzer(rules, model));
    }
  }
}
