package org.crmhub.hub.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;
import org.crmhub.connector.testkit.Awaits;

/** Polls an asynchronous condition on Vert.x timers until it holds or the time is up. */
public final class Eventually {

  private Eventually() {}

  public static Future<Void> holds(Vertx vertx, long timeoutMs, String what, Supplier<Future<Boolean>> condition) {
    return Awaits.untilAsync(vertx, timeoutMs, what, condition);
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
