package org.crmhub.hub.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Gathers calls made on one Vert.x context into one round trip for many callers: the calls made
 * while the context runs one task go out together when it ends, and while a batch is out, the
 * next one gathers (group commit). An idle caller waits for nothing but the end of its own task;
 * under load, one command (or script) serves many, instead of one each.
 *
 * <p>Its state is touched only on its context.
 *
 * @param <I> what one call asks
 * @param <O> what one call answers
 */
public final class BatchedCalls<I, O> {

  private record Pending<I, O>(I input, Promise<O> answer) {}

  private final Context context;
  private final int maxBatch;
  /** One round trip for a batch; it answers one result per input, in order. */
  private final Function<List<I>, Future<List<O>>> roundTrip;
  private List<Pending<I, O>> gathered = new ArrayList<>();
  private boolean flushScheduled;
  private boolean inFlight;

  /** @param context the context every call is made on: all state is touched only there */
  public BatchedCalls(Context context, int maxBatch, Function<List<I>, Future<List<O>>> roundTrip) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1");
    }
    this.context = context;
    this.maxBatch = maxBatch;
    this.roundTrip = roundTrip;
  }

  /** Answers on this batcher's context; a call from elsewhere hops there first. */
  public Future<O> call(I input) {
    Promise<O> answer = Promise.promise();
    if (context != Vertx.currentContext()) {
      context.runOnContext(v -> gather(input, answer));
    } else {
      gather(input, answer);
    }
    return answer.future();
  }

  private void gather(I input, Promise<O> answer) {
    gathered.add(new Pending<>(input, answer));
    if (!flushScheduled && !inFlight) {
      flushScheduled = true;
      // after the task that made this call, so the calls it makes next go out with it
      context.runOnContext(v -> {
        flushScheduled = false;
        flush();
      });
    }
  }

  private void flush() {
    if (inFlight || gathered.isEmpty()) {
      return;
    }
    List<Pending<I, O>> batch;
    if (gathered.size() <= maxBatch) {
      batch = gathered;
      gathered = new ArrayList<>();
    } else {
      batch = new ArrayList<>(gathered.subList(0, maxBatch));
      gathered = new ArrayList<>(gathered.subList(maxBatch, gathered.size()));
    }
    inFlight = true;
    Future<List<O>> sent;
    try {
      sent = roundTrip.apply(batch.stream().map(Pending::input).toList());
    } catch (RuntimeException bug) {
      sent = Future.failedFuture(bug);
    }
    sent.onComplete(done -> {
      inFlight = false;
      for (int i = 0; i < batch.size(); i++) {
        if (done.failed()) {
          batch.get(i).answer().fail(done.cause());
        } else if (done.result().size() != batch.size()) {
          batch.get(i).answer().fail(new IllegalStateException(
              "a batch of " + batch.size() + " calls got " + done.result().size() + " answers"));
        } else {
          batch.get(i).answer().complete(done.result().get(i));
        }
      }
      flush();
    });
  }
}
