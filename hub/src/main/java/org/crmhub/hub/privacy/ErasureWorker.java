package org.crmhub.hub.privacy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.List;
import org.crmhub.connector.Leases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pending erasure jobs on one hub at a time (the {@value #LEASE} lease, taken when there is a
 * job, renewed while it runs, given up when the hub stops): at once when this hub took the request,
 * else within {@link #POLL} of it, and after a restart the ones a stopped hub left. A job that fails
 * stays pending and is tried again.
 */
public final class ErasureWorker {

  static final String LEASE = "erasure";
  /** Local event-bus address: a request was stored here, run it now. */
  static final String WAKE = "crm.erasure.requested";
  private static final Logger LOG = LoggerFactory.getLogger(ErasureWorker.class);
  private static final Duration POLL = Duration.ofSeconds(2);
  private static final Duration LEASE_TIME = Duration.ofSeconds(30);
  private static final int JOBS_PER_ROUND = 10;

  private final Vertx vertx;
  private final ErasureJobs jobs;
  private final CustomerErasure erasure;
  private final Leases leases;
  private long poll = -1;
  private MessageConsumer<Object> wake;
  private boolean running;
  private volatile boolean stopped;

  ErasureWorker(Vertx vertx, ErasureJobs jobs, CustomerErasure erasure, Leases leases) {
    this.vertx = vertx;
    this.jobs = jobs;
    this.erasure = erasure;
    this.leases = leases;
  }

  public void start() {
    poll = vertx.setPeriodic(0, POLL.toMillis(), id -> runPending());
    wake = vertx.eventBus().localConsumer(WAKE, message -> runPending());
  }

  /** Stops taking jobs and gives the lease up, so another hub goes on with a job at once. */
  public Future<Void> stop() {
    stopped = true;
    if (poll >= 0) {
      vertx.cancelTimer(poll);
    }
    return Future.join(wake == null ? Future.succeededFuture() : wake.unregister(), leases.release(LEASE))
        .mapEmpty();
  }

  /** Runs the pending jobs if this hub holds (or can take) the lease and none runs here. */
  Future<Void> runPending() {
    if (running || stopped) {
      return Future.succeededFuture();
    }
    running = true;
    long renewal = vertx.setPeriodic(LEASE_TIME.toMillis() / 3, id -> leases.acquire(LEASE, LEASE_TIME));
    // the lease is taken only when there is work, so an idle hub holds nothing another must wait out
    return jobs.pending(JOBS_PER_ROUND)
        .compose(ids -> ids.isEmpty() ? Future.<Void>succeededFuture() : leases.acquire(LEASE, LEASE_TIME)
            .compose(held -> held ? runEach(ids) : Future.<Void>succeededFuture()))
        .onFailure(failure -> LOG.warn("erasure: a job stopped ({}); it stays pending and is tried again",
            failure.toString()))
        .onComplete(done -> {
          vertx.cancelTimer(renewal);
          running = false;
        });
  }

  private Future<Void> runEach(List<String> ids) {
    Future<Void> chain = Future.succeededFuture();
    for (String id : ids) {
      chain = chain.compose(v -> stopped ? Future.succeededFuture() : jobs.find(id).compose(job -> {
        if (job == null || !job.pending()) {
          return Future.succeededFuture();
        }
        long started = System.nanoTime();
        return erasure.run(job).onSuccess(done -> LOG.info("erasure {} of customer {} completed in {} ms", job.id(),
            job.customerId(), (System.nanoTime() - started) / 1_000_000));
      }));
    }
    return chain;
  }
}
