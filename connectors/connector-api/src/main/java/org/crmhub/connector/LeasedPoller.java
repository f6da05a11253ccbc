package org.crmhub.connector;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a connector's poll pass again and again on whichever hub holds the pass's lease: the shared
 * loop of every polling connector (mailboxes, X). A pass answers how long to wait before the next
 * one (a provider's rate-limit reset, say); a failed pass backs off exponentially up to
 * {@code maxBackoff}, so a broken source is never hammered. While a pass runs its lease is renewed;
 * a pass checks {@link #holding()} between items and stops early once the lease is lost.
 */
public final class LeasedPoller {

  private static final Logger LOG = LoggerFactory.getLogger(LeasedPoller.class);

  private final Vertx vertx;
  private final Leases leases;
  private final ChannelHealth health;
  private final String name;
  private final Duration interval;
  private final Duration leaseTtl;
  private final Duration maxBackoff;
  private final Supplier<Future<Duration>> pass;

  private volatile boolean stopped = true;
  private volatile boolean holding;
  /** When the lease runs out by this hub's clock, counted from when its last renewal was asked for. */
  private volatile long heldUntil;
  private long timerId = -1;
  private long renewTimerId = -1;
  private int failuresInARow;
  private Future<Void> running = Future.succeededFuture();

  /**
   * @param name names the lease and the health entry (e.g. {@code email:support@example.com})
   * @param pass one poll pass; the duration it returns is the wait before the next (null: the interval)
   */
  public LeasedPoller(Vertx vertx, Leases leases, ChannelHealth health, String name, Duration interval,
      Duration leaseTtl, Duration maxBackoff, Supplier<Future<Duration>> pass) {
    if (leaseTtl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("a lease shorter than a second cannot be renewed in time");
    }
    this.vertx = vertx;
    this.leases = leases;
    this.health = health;
    this.name = name;
    this.interval = interval;
    this.leaseTtl = leaseTtl;
    this.maxBackoff = maxBackoff;
    this.pass = pass;
  }

  public void start() {
    stopped = false;
    schedule(Duration.ZERO);
  }

  /**
   * True while this hub holds the lease; a long pass checks it between items and before it records
   * progress. Also false once the lease has run out by this hub's clock: a hub that was stalled
   * (paused, swapped out) past its lease must not trust the last answer it had from Redis.
   */
  public boolean holding() {
    return holding && !stopped && System.currentTimeMillis() < heldUntil;
  }

  /** Stops after the running pass (if any) has finished, and gives the lease up. */
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timerId);
    vertx.cancelTimer(renewTimerId);
    return running.eventually(() -> holding ? leases.release(name) : Future.succeededFuture())
        .onComplete(done -> holding = false);
  }

  private void schedule(Duration delay) {
    if (stopped) {
      return;
    }
    timerId = vertx.setTimer(Math.max(1, delay.toMillis()), id -> tick());
  }

  private void tick() {
    if (stopped) {
      return;
    }
    Promise<Void> done = Promise.promise();
    running = done.future();
    long asked = System.currentTimeMillis();
    leases.acquire(name, leaseTtl)
        .compose(held -> {
          held(held, asked);
          if (!held) {
            // another hub polls; look again well within one lease time to take over if it dies
            return Future.succeededFuture(shorter(interval, leaseTtl.dividedBy(2)));
          }
          startRenewing();
          return pass.get()
              .map(next -> {
                failuresInARow = 0;
                health.succeeded(name);
                return next == null ? interval : next;
              });
        })
        .recover(failure -> {
          failuresInARow++;
          Duration backoff = backoff();
          health.failed(name, String.valueOf(failure.getMessage()));
          LOG.warn("{}: poll failed ({} in a row), next try in {} ms: {}",
              name, failuresInARow, backoff.toMillis(), failure.getMessage());
          return Future.succeededFuture(backoff);
        })
        .onComplete(next -> {
          vertx.cancelTimer(renewTimerId);
          done.complete();
          schedule(next.result());
        });
  }

  private void startRenewing() {
    vertx.cancelTimer(renewTimerId);
    renewTimerId = vertx.setPeriodic(Math.max(300, leaseTtl.toMillis() / 3), id -> {
      long asked = System.currentTimeMillis();
      leases.acquire(name, leaseTtl)
          .onSuccess(held -> held(held, asked))
          .onFailure(failure -> holding = false);
    });
  }

  /** Redis' answer to an acquire or renewal asked for at {@code asked}: the lease runs from then. */
  private void held(boolean held, long asked) {
    holding = held;
    if (held) {
      heldUntil = asked + leaseTtl.toMillis();
    }
  }

  private Duration backoff() {
    long factor = 1L << Math.min(failuresInARow - 1, 16);
    Duration grown = interval.multipliedBy(factor);
    return shorter(grown, maxBackoff);
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
