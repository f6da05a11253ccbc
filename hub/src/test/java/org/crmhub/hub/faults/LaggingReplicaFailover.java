package org.crmhub.hub.faults;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisServerProcess;
import org.crmhub.hub.testing.Signals;

/**
 * The failover in which asynchronous replication loses writes, made to happen every time: the
 * replica falls behind (frozen with SIGSTOP, as a replica behind a congested link or on a stalled
 * host would be), the primary dies (SIGKILL) while it holds replication stream it could not send,
 * then the replica runs again and is promoted (by the Sentinels, or by the cluster's primaries).
 * On loopback a replica is otherwise microseconds behind, and a kill would almost never land in that window. Socket buffers hold
 * some of what the primary sent a frozen replica, so the time frozen says little about what is
 * at stake; the kill waits until the primary's own output buffer for the replica (stream not even
 * handed to the socket) holds {@link #UNSENT_BYTES_TO_KILL_AT}, or the longest lag the caller
 * allows has passed, whichever comes first. The same rule for every setting: with replica acknowledgements
 * on, the hubs write less while the replica is frozen and the time limit usually decides.
 *
 * <p>Afterwards the old primary is started again on its data, as a service manager would, and the
 * Sentinels (or the cluster) turn it into the new primary's replica: with replica acknowledgements
 * on, the hubs can acknowledge nothing on that primary until a replica is back.
 */
final class LaggingReplicaFailover {

  static final long UNSENT_BYTES_TO_KILL_AT = 1 << 20;
  private static final long POLL_MS = 50;
  private static final long PROMOTION_TIMEOUT_MS = 60_000;
  private static final long RECONNECT_TIMEOUT_MS = 30_000;

  /**
   * @param killedMidBurst whether the burst was still sending when the primary died
   * @param lagMs how long the replica was frozen before the primary died
   * @param unsentBytes the primary's output buffer for the replica just before the kill
   * @param replicationBytesLost how much of the old primary's replication stream the promoted
   *     replica never got: the primary's offset read just before the kill, less the offset the
   *     promoted replica took over at (a floor: writes may land between the read and the kill)
   */
  record Outcome(boolean killedMidBurst, long lagMs, long unsentBytes, long replicationBytesLost) {}

  /** How far behind the replica was, read on the primary just before the kill. */
  private record Lag(long lagMs, long unsentBytes, long primaryOffset) {}

  /** The kill: whether the burst was still sending, and the lag it found. */
  private record Killed(boolean midBurst, Lag lag) {}

  private LaggingReplicaFailover() {}

  /**
   * @param longestLagMs the kill comes this long after the freeze at the latest
   * @param burstRunning asked at the moment of the kill
   */
  static Future<Outcome> run(Vertx vertx, ReplicatedPrimary topology, long longestLagMs,
      BooleanSupplier burstRunning) {
    RedisServerProcess primary = topology.primary();
    RedisServerProcess replica = topology.replica();
    return Redis.connect(vertx, primary.url()).compose(primaryView -> vertx.executeBlocking(() -> {
              Signals.send("STOP", replica.pid());
              return System.currentTimeMillis();
            })
            .compose(frozenAt -> unsentOnceEnough(vertx, primaryView, frozenAt + longestLagMs)
                .compose(unsent -> primaryView.call(c -> c.info("replication"))
                    .map(info -> new Lag(System.currentTimeMillis() - frozenAt, unsent,
                        infoField(info, "master_repl_offset")))))
            .compose(lag -> vertx.executeBlocking(() -> {
              boolean midBurst = burstRunning.getAsBoolean();
              primary.kill();
              Signals.send("CONT", replica.pid());
              return new Killed(midBurst, lag);
            }))
            // after the kill, so that closing it does not stretch the lag; before the restart,
            // which it would otherwise reconnect to
            .eventually(primaryView::shutdown))
        .compose(killed -> topology.replicaPromoted(vertx, PROMOTION_TIMEOUT_MS)
            .compose(promoted -> takenOverAt(vertx, topology))
            .map(takenOverAt -> new Outcome(killed.midBurst(), killed.lag().lagMs(), killed.lag().unsentBytes(),
                killed.lag().primaryOffset() - takenOverAt)))
        .compose(outcome -> vertx.executeBlocking(() -> {
          primary.restart();
          return outcome;
        }));
  }

  /**
   * The last offset of the old primary's stream the promoted replica had: its own stream goes on
   * from the next byte ({@code second_repl_offset}). Sentinel closes the promoted replica's client
   * connections (CLIENT KILL TYPE normal) so that clients learn the new roles; the view reconnects
   * by itself, and a read in the meantime is rejected, so the read is tried until it answers.
   */
  private static Future<Long> takenOverAt(Vertx vertx, ReplicatedPrimary topology) {
    AtomicLong offset = new AtomicLong();
    return Eventually.holds(vertx, RECONNECT_TIMEOUT_MS, "the promoted replica answers INFO replication",
            () -> topology.replicaView().call(c -> c.info("replication")).map(info -> {
              offset.set(infoField(info, "second_repl_offset") - 1);
              return true;
            }))
        .map(read -> offset.get());
  }

  private static Future<Long> unsentOnceEnough(Vertx vertx, Redis primaryView, long deadlineMillis) {
    return primaryView.call(c -> c.clientList()).map(LaggingReplicaFailover::replicaOutputBuffer)
        .compose(unsent -> unsent >= UNSENT_BYTES_TO_KILL_AT || System.currentTimeMillis() >= deadlineMillis
            ? Future.succeededFuture(unsent)
            : vertx.timer(POLL_MS).compose(tick -> unsentOnceEnough(vertx, primaryView, deadlineMillis)));
  }

  /**
   * The {@code omem} of the replica's connection (flag {@code S}) in {@code CLIENT LIST}: the
   * replication stream the primary holds for it and has not written to its socket.
   */
  private static long replicaOutputBuffer(String clientList) {
    for (String client : clientList.split("\r?\n")) {
      if ((" " + client + " ").contains(" flags=S ")) {
        for (String field : client.split(" ")) {
          if (field.startsWith("omem=")) {
            return Long.parseLong(field.substring("omem=".length()));
          }
        }
      }
    }
    throw new IllegalStateException("the primary has no replica connection: " + clientList);
  }

  private static long infoField(String info, String field) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim());
      }
    }
    throw new IllegalStateException("INFO replication has no " + field + ": " + info);
  }
}
