package org.crmhub.hub.privacy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/** Asks again, on a timer, until a condition holds or a time is up: for waits on Redis's own work. */
final class Polling {

  private Polling() {}

  /** True once {@code condition} holds, false when {@code timeoutMs} passed first; asked every {@code everyMs}. */
  static Future<Boolean> until(Vertx vertx, long everyMs, long timeoutMs, Supplier<Future<Boolean>> condition) {
    return poll(vertx, everyMs, System.currentTimeMillis() + timeoutMs, condition);
  }

  private static Future<Boolean> poll(Vertx vertx, long everyMs, long deadline, Supplier<Future<Boolean>> condition) {
    return condition.get().compose(holds -> {
      if (holds) {
        return Future.succeededFuture(true);
      }
      if (System.currentTimeMillis() > deadline) {
        return Future.succeededFuture(false);
      }
      Promise<Boolean> later = Promise.promise();
      vertx.setTimer(everyMs, id -> poll(vertx, everyMs, deadline, condition).onComplete(later));
      return later.future();
    });
  }
}
