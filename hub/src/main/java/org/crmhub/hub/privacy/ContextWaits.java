package org.crmhub.hub.privacy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * How a worker thread waits for asynchronous work: the work is started on the Vert.x context it
 * belongs to (the stores and streams are used there as everywhere else) and the worker blocks,
 * never longer than the timeout, until its future completes. Blocking is fine on a worker thread
 * and never happens on the event loop.
 */
final class ContextWaits {

  /** The work failed; its own failure is the cause (a Redis error still maps to 503 before the first byte). */
  static final class WorkFailed extends IOException {
    WorkFailed(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }

  private final Context context;
  private final Duration timeout;

  ContextWaits(Context context, Duration timeout) {
    this.context = context;
    this.timeout = timeout;
  }

  /** Starts the work on the context and waits for its result. */
  <T> T await(Supplier<Future<T>> work) throws IOException {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        work.get().onComplete(outcome -> {
          if (outcome.succeeded()) {
            result.complete(outcome.result());
          } else {
            result.completeExceptionally(outcome.cause());
          }
        });
      } catch (RuntimeException thrown) {
        result.completeExceptionally(thrown);
      }
    });
    return await(result, "the hub's storage");
  }

  /** Waits for a future completed elsewhere (on the context). */
  <T> T await(CompletableFuture<T> result, String what) throws IOException {
    try {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException slow) {
      result.cancel(false);
      // as a TimeoutException, the problem answer (if nothing was sent yet) is 503
      throw new WorkFailed(new TimeoutException(what + " did not answer within " + timeout.toSeconds() + " s"));
    } catch (ExecutionException failed) {
      Throwable cause = failed.getCause();
      throw cause instanceof IOException io ? io : new WorkFailed(cause);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + what);
    }
  }

  /** Runs an action on the context without waiting for it. */
  void run(Runnable action) {
    context.runOnContext(v -> action.run());
  }
}
