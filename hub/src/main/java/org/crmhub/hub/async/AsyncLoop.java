package org.crmhub.hub.async;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs an asynchronous step again and again, each from the state the previous one answered,
 * until a state is final: the pages of a scan, the batches of a migration. Written as a compose
 * that calls itself, every step nests its future in the previous one's, and the last step's
 * completion runs back through all of them on one stack: a few thousand pages overflow the event
 * loop's stack. Here a step's completion starts the next step, a step that answers at once is
 * followed in a loop, and the result completes once.
 */
public final class AsyncLoop {

  private AsyncLoop() {}

  /**
   * @param first the state the first step starts from (a final one runs no step)
   * @param isFinal whether a state ends the loop
   * @param step the next state from the current one
   * @return the final state, or the first failure (of a step, or thrown by one)
   */
  public static <S> Future<S> iterate(S first, Predicate<? super S> isFinal, Function<? super S, Future<S>> step) {
    Promise<S> result = Promise.promise();
    run(first, isFinal, step, result);
    return result.future();
  }

  private static <S> void run(S from, Predicate<? super S> isFinal, Function<? super S, Future<S>> step,
      Promise<S> result) {
    S state = from;
    while (true) {
      Future<S> next;
      try {
        if (isFinal.test(state)) {
          result.complete(state);
          return;
        }
        next = step.apply(state);
      } catch (RuntimeException failure) {
        result.fail(failure);
        return;
      }
      if (!next.isComplete()) {
        next.onComplete(done -> {
          if (done.failed()) {
            result.fail(done.cause());
          } else {
            run(done.result(), isFinal, step, result);
          }
        });
        return;
      }
      if (next.failed()) {
        result.fail(next.cause());
        return;
      }
      state = next.result();
    }
  }
}
