package org.crmhub.hub.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Steps run one after another to a final state, however many there are and whether they answer at
 * once or later, and the first failure ends the loop. The same loop written as a compose calling
 * itself overflows the stack at this many steps (shown below, so the count is large enough to tell).
 */
@ExtendWith(VertxExtension.class)
class AsyncLoopTest {

  private static final int STEPS = 100_000;

  /** A step that answers on a later turn of the event loop, as a Redis call does. */
  private static Future<Integer> later(Vertx vertx, int value) {
    Promise<Integer> answer = Promise.promise();
    vertx.runOnContext(v -> answer.complete(value));
    return answer.future();
  }

  /** The pattern the loop replaces: the next step composed inside the previous one. */
  private static Future<Integer> nested(Vertx vertx, int state) {
    return state == STEPS ? Future.succeededFuture(state) : later(vertx, state + 1).compose(next -> nested(vertx, next));
  }

  @Test
  void composeCallingItselfOverflowsAtThisManySteps(Vertx vertx, VertxTestContext test) {
    vertx.runOnContext(v -> {
      vertx.exceptionHandler(failure -> test.verify(() -> {
        assertEquals(StackOverflowError.class, failure.getClass());
        test.completeNow();
      }));
      nested(vertx, 0).onSuccess(end -> test.failNow("completed without overflowing: the step count proves nothing"));
    });
  }

  @Test
  void manyStepsThatAnswerLaterEndOnce(Vertx vertx, VertxTestContext test) {
    vertx.runOnContext(v -> AsyncLoop.iterate(0, state -> state == STEPS, state -> later(vertx, state + 1))
        .onComplete(test.succeeding(end -> test.verify(() -> {
          assertEquals(STEPS, end);
          test.completeNow();
        }))));
  }

  @Test
  void manyStepsThatAnswerAtOnceEndOnce(VertxTestContext test) {
    AtomicInteger steps = new AtomicInteger();
    AsyncLoop.iterate(0, state -> state == STEPS, state -> {
      steps.incrementAndGet();
      return Future.succeededFuture(state + 1);
    }).onComplete(test.succeeding(end -> test.verify(() -> {
      assertEquals(STEPS, end);
      assertEquals(STEPS, steps.get());
      test.completeNow();
    })));
  }

  @Test
  void aFinalFirstStateRunsNoStep(VertxTestContext test) {
    AsyncLoop.iterate("done", "done"::equals, state -> Future.failedFuture("no step should run"))
        .onComplete(test.succeeding(end -> test.verify(() -> {
          assertEquals("done", end);
          test.completeNow();
        })));
  }

  @Test
  void theFirstFailureEndsTheLoop(Vertx vertx, VertxTestContext test) {
    IllegalStateException broken = new IllegalStateException("step 3 failed");
    AtomicInteger steps = new AtomicInteger();
    vertx.runOnContext(v -> AsyncLoop.iterate(0, state -> state == 10, state -> {
      steps.incrementAndGet();
      return state == 3 ? Future.failedFuture(broken) : later(vertx, state + 1);
    }).onComplete(test.failing(failure -> test.verify(() -> {
      assertSame(broken, failure);
      assertEquals(4, steps.get(), "no step after the failed one");
      test.completeNow();
    }))));
  }

  @Test
  void aStepThatThrowsFailsTheLoop(VertxTestContext test) {
    AsyncLoop.iterate(0, state -> state == 10, state -> {
      if (state == 2) {
        throw new IllegalArgumentException("thrown by step 2");
      }
      return Future.succeededFuture(state + 1);
    }).onComplete(test.failing(failure -> test.verify(() -> {
      assertEquals("thrown by step 2", failure.getMessage());
      test.completeNow();
    })));
  }
}
