package org.crmhub.hub.redis;

import io.lettuce.core.RedisException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Pings Redis twice a second so the hub knows, without waiting on a command timeout, when Redis
 * stops answering (down, or frozen with the connection still open). While it does, new contacts
 * are refused at once with 503 and connectors' polls fail and back off, instead of every request
 * queueing for the full command timeout.
 */
public final class RedisWatchdog {

  private static final Duration PERIOD = Duration.ofMillis(500);

  private final Vertx vertx;
  private final Redis redis;
  private final long stallMillis;
  private volatile long lastAnswerAt = System.currentTimeMillis();
  private volatile long pingSentAt;
  private volatile boolean pingOutstanding;
  private long timerId = -1;

  /** @param stall how long Redis may go without answering before the hub stops taking contacts */
  public RedisWatchdog(Vertx vertx, Redis redis, Duration stall) {
    this.vertx = vertx;
    this.redis = redis;
    this.stallMillis = stall.toMillis();
  }

  public void start() {
    timerId = vertx.setPeriodic(PERIOD.toMillis(), id -> ping());
  }

  public void stop() {
    vertx.cancelTimer(timerId);
  }

  /** False while Redis has not answered for longer than the stall time. */
  public boolean responsive() {
    long now = System.currentTimeMillis();
    boolean waitingTooLong = pingOutstanding && now - pingSentAt > stallMillis;
    return !waitingTooLong && now - lastAnswerAt <= stallMillis + 2 * PERIOD.toMillis();
  }

  /**
   * Runs a command that a caller is waiting on (an ingest accept): refused at once while Redis
   * does not answer, and failed once it has taken longer than the stall time. A command that still
   * runs after that is harmless where the caller retries and the command is idempotent (the accept
   * script dedupes) or only reads (health checks), which is why only such commands go through here.
   */
  public <T> Future<T> guarded(Supplier<Future<T>> command) {
    return guarded(command, Duration.ZERO);
  }

  /** As {@link #guarded(Supplier)}, for a command that may take {@code waiting} on purpose (WAIT). */
  public <T> Future<T> guarded(Supplier<Future<T>> command, Duration waiting) {
    if (!responsive()) {
      return refusal();
    }
    Promise<T> outcome = Promise.promise();
    long deadline = vertx.setTimer(stallMillis + waiting.toMillis(), id -> outcome.tryFail(stalled()));
    command.get().onComplete(result -> {
      vertx.cancelTimer(deadline);
      if (result.succeeded()) {
        outcome.tryComplete(result.result());
      } else {
        outcome.tryFail(result.cause());
      }
    });
    return outcome.future();
  }

  private <T> Future<T> refusal() {
    return Future.failedFuture(stalled());
  }

  private RedisException stalled() {
    return new RedisException("Redis has not answered for over " + stallMillis + " ms");
  }

  private void ping() {
    if (pingOutstanding) {
      return;
    }
    pingOutstanding = true;
    pingSentAt = System.currentTimeMillis();
    redis.call(c -> c.ping()).onComplete(answer -> {
      pingOutstanding = false;
      if (answer.succeeded()) {
        lastAnswerAt = System.currentTimeMillis();
      }
    });
  }
}
