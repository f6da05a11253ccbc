package org.crmhub.hub.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/** Polls an asynchronous condition on Vert.x timers until it holds or the time is up. */
public final class Eventually {

  private static final long INTERVAL_MS = 50;

  private Eventually() {}

  public static Future<Void> holds(Vertx vertx, long timeoutMs, String what, Supplier<Future<Boolean>> condition) {
    Promise<Void> done = Promise.promise();
    long deadline = System.currentTimeMillis() + timeoutMs;
    check(vertx, deadline, what, condition, done);
    return done.future();
  }

  private static void check(Vertx vertx, long deadline, String what, Supplier<Future<Boolean>> condition,
      Promise<Void> done) {
    condition.get().onComplete(result -> {
      if (result.succeeded() && result.result()) {
        done.complete();
      } else if (System.currentTimeMillis() > deadline) {
        done.fail(new AssertionError("timed out waiting until " + what
            + (result.failed() ? " (last attempt failed: " + result.cause() + ")" : "")));
      } else {
        vertx.setTimer(INTERVAL_MS, id -> check(vertx, deadline, what, condition, done));
      }
    });
  }

  /** A generated-client call (which may throw ApiException before sending) as a Vert.x future. */
  public static <T> Future<T> call(java.util.concurrent.Callable<java.util.concurrent.CompletableFuture<T>> call) {
    try {
      return Future.fromCompletionStage(call.call());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }
}
