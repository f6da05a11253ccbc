package org.crmhub.hub.async;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/** Asks again, on a timer, until there is an answer or a time is up: for waits on work done elsewhere. */
public final class Polling {

  private Polling() {}

  /** A poll that has not ended yet; {@code answer} once it has (null when the time was up). */
  private record Asked<T>(boolean ended, T answer) {}

  /**
   * The first answer that is not null, asked for at once and then every {@code everyMs}; null when
   * {@code timeoutMs} passed first. A failed ask fails the poll (turn failures into null to go on).
   */
  public static <T> Future<T> firstAnswer(Vertx vertx, long everyMs, long timeoutMs, Supplier<Future<T>> ask) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    return AsyncLoop.<Asked<T>>iterate(new Asked<>(false, null), Asked::ended, asked -> ask.get().compose(answer -> {
      if (answer != null) {
        return Future.succeededFuture(new Asked<>(true, answer));
      }
      if (System.currentTimeMillis() > deadline) {
        return Future.succeededFuture(new Asked<>(true, null));
      }
      return vertx.timer(everyMs).map(fired -> asked);
    })).map(Asked::answer);
  }

  /** True once {@code condition} holds, false when {@code timeoutMs} passed first; asked every {@code everyMs}. */
  public static Future<Boolean> until(Vertx vertx, long everyMs, long timeoutMs, Supplier<Future<Boolean>> condition) {
    return firstAnswer(vertx, everyMs, timeoutMs, () -> condition.get().map(holds -> holds ? Boolean.TRUE : null))
        .map(held -> held != null);
  }
}
