package org.crmhub.connector.testkit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits on Vert.x timers, bounded in time, for a condition a connector brings about asynchronously. */
public final class Awaits {

  private static final long INTERVAL_MS = 50;

  private Awaits() {}

  /** Completes once {@code condition} holds; fails naming {@code what} after {@code timeoutMs}. */
  public static Future<Void> until(Vertx vertx, long timeoutMs, String what, BooleanSupplier condition) {
    return untilAsync(vertx, timeoutMs, what, () -> Future.succeededFuture(condition.getAsBoolean()));
  }

  /** The same for a condition that is itself asked asynchronously (a provider's state, say). */
  public static Future<Void> untilAsync(Vertx vertx, long timeoutMs, String what, Supplier<Future<Boolean>> condition) {
    Promise<Void> done = Promise.promise();
    check(vertx, System.currentTimeMillis() + timeoutMs, what, condition, done);
    return done.future();
  }

  private static void check(Vertx vertx, long deadline, String what, Supplier<Future<Boolean>> condition,
      Promise<Void> done) {
    condition.get().onComplete(result -> {
      if (result.succeeded() && result.result()) {
        done.complete();
      } else if (System.currentTimeMillis() > deadline) {
        done.fail(new AssertionError("timed out waiting until " + what
            + (result.failed() ? " (last check failed: " + result.cause() + ")" : "")));
      } else {
        vertx.setTimer(INTERVAL_MS, id -> check(vertx, deadline, what, condition, done));
      }
    });
  }
}
