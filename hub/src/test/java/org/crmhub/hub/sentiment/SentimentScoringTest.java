package org.crmhub.hub.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Long text is scored off the event loop and only up to the cap; short text where it is. */
@ExtendWith(VertxExtension.class)
class SentimentScoringTest {

  private static final SentimentAnalyzer ANALYZER = SentimentAnalyzer.fromClasspath();

  @Test
  void aLongMailIsScoredOnAWorkerUpToTheCapAndAShortOneOnTheEventLoop(Vertx vertx, VertxTestContext test) {
    List<String> scoredOn = new CopyOnWriteArrayList<>();
    List<Integer> scoredLengths = new CopyOnWriteArrayList<>();
    SentimentScoring scoring = new SentimentScoring(vertx, text -> {
      scoredOn.add(Context.isOnEventLoopThread() ? "event loop" : "worker");
      scoredLengths.add(text.length());
      return ANALYZER.score(text);
    });
    // a complaint first, then 2 MB of quoted thread
    String complaint = "The parcel never arrived and nobody answers my emails. This is terrible service. ";
    String quoted = "> On Monday you wrote: thanks for your order, it will ship soon.\n".repeat(32_000);
    String longMail = complaint + quoted;
    vertx.runOnContext(v -> scoring.score("Thanks, that fixed it!")
        .compose(shortScore -> scoring.score(longMail).map(longScore -> {
          test.verify(() -> {
            assertEquals(List.of("event loop", "worker"), scoredOn);
            assertTrue(scoredLengths.get(1) <= SentimentScoring.MAX_SCORED_CHARS, "capped: " + scoredLengths);
            assertTrue(shortScore.compound() > 0.3, "short text scored as usual: " + shortScore.compound());
            assertEquals(ANALYZER.score(SentimentScoring.capped(longMail)).compound(), longScore.compound());
          });
          return null;
        }))
        .compose(done -> scoring.close())
        .onComplete(test.succeedingThenComplete()));
  }

  @Test
  void theCapCutsBetweenWords() {
    String text = "word ".repeat(10_000);
    String capped = SentimentScoring.capped(text);
    assertTrue(capped.length() <= SentimentScoring.MAX_SCORED_CHARS);
    assertTrue(capped.endsWith("word"), capped.substring(capped.length() - 10));
  }
}
