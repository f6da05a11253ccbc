package org.crmhub.hub.sentiment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.function.Function;

/**
 * Scores contacts' text without holding an event loop: short text (most chats, SMS, posts) at once
 * on the caller's thread, where a hop to a worker would cost more than the scoring; longer text on
 * a worker pool. Text beyond {@link #MAX_SCORED_CHARS} is not read: a mail's first pages say how
 * the customer feels, and what follows is mostly quoted history.
 */
public final class SentimentScoring {

  /** Up to this many characters are scored on the calling thread (tens of microseconds). */
  static final int INLINE_CHARS = 2_000;
  static final int MAX_SCORED_CHARS = 20_000;

  private final Function<String, SentimentScore> analyzer;
  private final WorkerExecutor workers;

  public SentimentScoring(Vertx vertx, Function<String, SentimentScore> analyzer) {
    this.analyzer = analyzer;
    this.workers = vertx.createSharedWorkerExecutor("crmhub-sentiment", Runtime.getRuntime().availableProcessors());
  }

  public Future<SentimentScore> score(String text) {
    if (text == null || text.length() <= INLINE_CHARS) {
      return Future.succeededFuture(analyzer.apply(text));
    }
    String scored = capped(text);
    return workers.executeBlocking(() -> analyzer.apply(scored), false);
  }

  /** What is scored of a message: its text, or its subject when it has no text. */
  public static String scoredText(String text, String subject) {
    if (text != null && !text.isBlank()) {
      return text;
    }
    return subject == null ? "" : subject;
  }

  /**
   * The words of a message the analyser reads ({@link #scoredText} up to the cap): what a
   * correction of the message teaches the learner.
   */
  public static String readText(String text, String subject) {
    return capped(scoredText(text, subject));
  }

  /** The text up to the cap, cut at a space so no word is scored half. */
  static String capped(String text) {
    if (text.length() <= MAX_SCORED_CHARS) {
      return text;
    }
    int cut = text.lastIndexOf(' ', MAX_SCORED_CHARS);
    return text.substring(0, cut > MAX_SCORED_CHARS / 2 ? cut : MAX_SCORED_CHARS);
  }

  public Future<Void> close() {
    return workers.close();
  }
}
