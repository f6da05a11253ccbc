package org.crmhub.hub.attachment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Consumer;
import org.crmhub.connector.Leases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link BlobSweep} in the background every {@code every}, on one hub at a time: a run
 * starts only while this hub holds the {@value #LEASE} lease. The holder keeps renewing it at each
 * tick and never gives it up after a run, so the hubs sharing a store sweep once per interval
 * between them rather than once each; another hub takes over within a lease time of the holder
 * stopping.
 */
public final class BlobSweeps {

  static final String LEASE = "blob-sweep";
  private static final Logger LOG = LoggerFactory.getLogger(BlobSweeps.class);
  /** The first run soon after start, so a hub restarted more often than every interval still sweeps. */
  private static final Duration FIRST_AFTER = Duration.ofMinutes(1);

  private final Vertx vertx;
  private final BlobSweep sweep;
  private final Leases leases;
  private final Duration every;
  private final Consumer<BlobSweep.Outcome> swept;
  private long timer = -1;
  private boolean running;

  /** @param swept told of every run that finished, for the metrics */
  public BlobSweeps(Vertx vertx, BlobSweep sweep, Leases leases, Duration every, Consumer<BlobSweep.Outcome> swept) {
    this.vertx = vertx;
    this.sweep = sweep;
    this.leases = leases;
    this.every = every;
    this.swept = swept;
  }

  public void start() {
    if (every.isZero()) {
      LOG.info("blob sweeps are off (CRMHUB_BLOB_SWEEP_EVERY_SECONDS=0): blobs no attachment names are kept");
      return;
    }
    long first = Math.min(FIRST_AFTER.toMillis(), every.toMillis());
    timer = vertx.setPeriodic(first, every.toMillis(), id -> runIfHeld());
  }

  /** Runs a sweep now if this hub holds (or can take) the lease and none is running here. */
  Future<Void> runIfHeld() {
    if (running) {
      return Future.succeededFuture();
    }
    running = true;
    // held a little longer than an interval, so the holder's next tick renews it before it lapses
    return leases.acquire(LEASE, every.plus(every.dividedBy(2)))
        .compose(held -> held ? sweep.run().onSuccess(this::report).<Void>mapEmpty() : Future.<Void>succeededFuture())
        .onFailure(failure -> LOG.warn("blob sweep stopped ({}); the next interval tries again", failure.toString()))
        .onComplete(done -> running = false);
  }

  private void report(BlobSweep.Outcome outcome) {
    LOG.info("blob sweep: {} attachment record(s), {} blob(s) listed, {} unreferenced blob(s) and {} leftover(s) deleted",
        outcome.records(), outcome.blobs(), outcome.deleted(), outcome.leftovers());
    swept.accept(outcome);
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    sweep.stop();
  }
}
