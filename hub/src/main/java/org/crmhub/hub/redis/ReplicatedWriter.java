package org.crmhub.hub.redis;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/**
 * Scripts whose writes count only once replicas have them. WAIT waits for what its own connection
 * wrote, so the script and its WAIT go over one connection of their own: in a cluster the pooled
 * connection to the primary owning the keys' slot, the one Lettuce routes the script over too.
 * A connection of its own, because WAIT holds back every later command on its connection until
 * it returns, and the hub's shared connection (its watchdog's PING with it) must not wait on it.
 */
public final class ReplicatedWriter {

  /** What the script answered, and how many replicas confirmed having everything up to it. */
  public record Replicated<T>(T reply, long replicas) {}

  /** The keys {@link #everyPrimary} writes its marks to, one per primary. */
  private static final String MARK_PREFIX = "crm:replication-mark:";

  private final Redis connection;

  private ReplicatedWriter(Redis connection) {
    this.connection = connection;
  }

  /** A writer on a new connection of {@code redis}'s client. */
  public static Future<ReplicatedWriter> open(Redis redis) {
    return redis.dedicatedConnection().map(ReplicatedWriter::new);
  }

  /**
   * Runs the script, then {@code WAIT replicas timeout} on the same connection. Replicas confirm
   * offsets of the primary's one replication stream, so the count covers every write this
   * connection made up to and including the script's.
   */
  public <T> Future<Replicated<T>> run(LuaScript script, int replicas, Duration timeout, String[] keys,
      String... args) {
    return connection.primaryOf(keys[0])
        .compose(primary -> script.<T>run(primary, keys, args)
            .compose(reply -> primary.<Long>call(c -> c.waitForReplication(replicas, timeout.toMillis()))
                .map(confirmed -> new Replicated<>(reply, confirmed))));
  }

  /**
   * Waits until {@code replicas} replicas of every primary confirmed everything that primary had
   * answered before this call, over any connection: a mark written to each primary on this
   * writer's connection comes after those writes in that primary's one replication stream, and a
   * WAIT for the mark covers them. Returns the fewest replicas any primary had confirm it.
   */
  public Future<Long> everyPrimary(int replicas, Duration timeout) {
    List<Future<Long>> confirmed = connection.keyOnEachPrimary(MARK_PREFIX).stream()
        .map(key -> markAndWait(key, replicas, timeout))
        .toList();
    return Future.all(confirmed)
        .map(all -> all.<Long>list().stream().mapToLong(Long::longValue).min().orElse(0));
  }

  /**
   * As {@link #everyPrimary}, for the one primary serving {@code markKey}'s slot (a key of its own
   * that shares the hash tag of the keys whose writes it must cover).
   */
  public Future<Long> primaryServing(String markKey, int replicas, Duration timeout) {
    return markAndWait(markKey, replicas, timeout);
  }

  private Future<Long> markAndWait(String key, int replicas, Duration timeout) {
    return connection.primaryOf(key)
        .compose(primary -> primary.call(c -> c.set(key, "1"))
            .compose(written -> primary.<Long>call(c -> c.waitForReplication(replicas, timeout.toMillis()))));
  }

  public Future<Void> close() {
    return connection.close();
  }
}
