package org.crmhub.hub.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A poll answers the first answer there is, gives up when its time is up, and stops at a failure. */
@ExtendWith(VertxExtension.class)
class PollingTest {

  @Test
  void theFirstAnswerEndsThePoll(Vertx vertx, VertxTestContext test) {
    AtomicInteger asked = new AtomicInteger();
    Polling.firstAnswer(vertx, 5, 30_000, () -> Future.succeededFuture(asked.incrementAndGet() == 4 ? "cv_1" : null))
        .onComplete(test.succeeding(answer -> test.verify(() -> {
          assertEquals("cv_1", answer);
          assertEquals(4, asked.get(), "asked until answered, then no more");
          test.completeNow();
        })));
  }

  @Test
  void noAnswerInTimeIsNull(Vertx vertx, VertxTestContext test) {
    AtomicInteger asked = new AtomicInteger();
    long started = System.currentTimeMillis();
    Polling.firstAnswer(vertx, 10, 100, () -> {
      asked.incrementAndGet();
      return Future.<String>succeededFuture(null);
    }).onComplete(test.succeeding(answer -> test.verify(() -> {
      assertNull(answer);
      assertTrue(System.currentTimeMillis() - started >= 100, "not before the time was up");
      assertTrue(asked.get() >= 2, "asked again on the timer, not once: " + asked.get());
      test.completeNow();
    })));
  }

  @Test
  void aConditionThatNeverHoldsIsFalse(Vertx vertx, VertxTestContext test) {
    Polling.until(vertx, 10, 50, () -> Future.succeededFuture(false))
        .onComplete(test.succeeding(held -> test.verify(() -> {
          assertFalse(held);
          test.completeNow();
        })));
  }

  @Test
  void aFailedAskFailsThePoll(Vertx vertx, VertxTestContext test) {
    Polling.until(vertx, 10, 30_000, () -> Future.failedFuture("Redis is gone"))
        .onComplete(test.failing(failure -> test.verify(() -> {
          assertEquals("Redis is gone", failure.getMessage());
          test.completeNow();
        })));
  }
}
