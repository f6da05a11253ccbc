package org.crmhub.hub.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.crmhub.connector.Channel;

/**
 * Holds back the answer to a new contact while more are waiting to be filed than the hub should
 * let queue up, the longer the more are waiting (none at {@code paceAbove}, the most at twice as
 * many). A sender that waits for each answer (a bulk import, a mailbox poll, a retrying provider)
 * then sends about as fast as contacts are filed, so the queue every channel shares stays short
 * and a new contact shows in the inbox within about a second, instead of behind everything a
 * fast sender pushed in first. The contact is already stored when its answer waits: nothing is
 * refused for it (that is the backlog limit) and a sender that gives up meanwhile retries into
 * a duplicate. Phone contacts are answered at once: a caller waits on the line for them.
 */
public final class IntakePacing {

  private final Vertx vertx;
  private final long paceAbovePerPartition;
  private final long maxDelayMillis;
  private final BiConsumer<Channel, Duration> paced;

  /**
   * @param paced told of every answer held back, with its channel and for how long (metrics)
   */
  public IntakePacing(Vertx vertx, IntakeSettings settings, int partitions, BiConsumer<Channel, Duration> paced) {
    this.vertx = vertx;
    this.paceAbovePerPartition = settings.pacing() ? Math.max(1, settings.paceAbove() / partitions) : 0;
    this.maxDelayMillis = settings.pacing() ? settings.maxPaceDelay().toMillis() : 0;
    this.paced = paced;
  }

  /**
   * {@code answer}, once the delay for a new contact on {@code channel} that found
   * {@code partitionBacklog} contacts waiting in its partition (itself included) has passed.
   */
  public <T> Future<T> answer(Channel channel, long partitionBacklog, T answer) {
    long delay = channel == Channel.PHONE ? 0 : delayMillis(partitionBacklog, paceAbovePerPartition, maxDelayMillis);
    if (delay == 0) {
      return Future.succeededFuture(answer);
    }
    paced.accept(channel, Duration.ofMillis(delay));
    return vertx.timer(delay).map(fired -> answer);
  }

  /** 0 up to {@code above} waiting, then rising in step with the excess to {@code maxDelay} at twice {@code above}. */
  static long delayMillis(long backlog, long above, long maxDelay) {
    if (above <= 0 || maxDelay <= 0 || backlog <= above) {
      return 0;
    }
    long excess = backlog - above;
    return excess >= above ? maxDelay : Math.max(1, excess * maxDelay / above);
  }
}
