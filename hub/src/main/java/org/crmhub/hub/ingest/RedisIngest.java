package org.crmhub.hub.ingest;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import org.crmhub.connector.AcceptedContact;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.Ingest;
import org.crmhub.hub.Ids;
import org.crmhub.hub.failure.Backlogged;
import org.crmhub.hub.failure.NotReplicated;
import org.crmhub.hub.redis.LuaScript;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.RedisWatchdog;
import org.crmhub.hub.redis.ReplicatedWriter;
import org.crmhub.hub.redis.ReplicatedWriter.Replicated;

/**
 * Dedupe and append in one script, so a contact is either durably queued exactly once or not at
 * all. With AOF {@code appendfsync always}, Redis answers only after the write is on disk. A new
 * contact finding its partition's backlog at the limit is refused ({@link Backlogged}) rather
 * than queued until Redis runs out of memory; a repeat of an accepted one is still answered.
 * With {@link ReplicaAcks} required, a contact (new or repeated) is answered only once that many
 * replicas confirmed it, so a failover to one of them cannot lose an acknowledged contact. The
 * answer to a new contact may wait a little while many are waiting ({@link IntakePacing}).
 */
public final class RedisIngest implements Ingest {

  private static final LuaScript ACCEPT = new LuaScript("""
      local first = redis.call('GET', KEYS[1])
      if first then
        if ARGV[5] == '1' then
          -- written again so that a WAIT on this connection covers the first write too, which
          -- another connection (another hub, before a restart) made and whose WAIT may have failed
          redis.call('SET', KEYS[1], first)
        end
        return {first, '1', 0}
      end
      local waiting = redis.call('XLEN', KEYS[2])
      local limit = tonumber(ARGV[4])
      if limit > 0 and waiting >= limit then
        return {'', 'full', waiting}
      end
      redis.call('SET', KEYS[1], ARGV[1])
      redis.call('XADD', KEYS[2], '*', 'contactId', ARGV[1], 'contact', ARGV[2], 'acceptedAt', ARGV[3])
      return {ARGV[1], '0', waiting + 1}
      """, LuaScript.Returns.LIST);

  private final Redis redis;
  private final IngestKeys keys;
  private final RedisWatchdog watchdog;
  private final long maxBacklogPerPartition;
  private final ReplicaAcks acks;
  private final ReplicatedWriter replicated;
  private final IntakePacing pacing;

  /** Without a backlog limit, answering at once. */
  public RedisIngest(Redis redis, IngestKeys keys, RedisWatchdog watchdog) {
    this(redis, keys, watchdog, 0, ReplicaAcks.NONE, null, null);
  }

  /**
   * @param maxBacklog contacts waiting to be filed, over all partitions, beyond which new ones are refused; 0 for no limit
   * @param acks replicas that must confirm a contact before it counts as accepted
   * @param replicated the writer whose connection waits for them; null when {@code acks} requires none
   * @param pacing when answers to new contacts wait; null for never
   */
  public RedisIngest(Redis redis, IngestKeys keys, RedisWatchdog watchdog, long maxBacklog, ReplicaAcks acks,
      ReplicatedWriter replicated, IntakePacing pacing) {
    if (acks.required() && replicated == null) {
      throw new IllegalArgumentException("replica acknowledgements need a replicated writer");
    }
    this.redis = redis;
    this.keys = keys;
    this.watchdog = watchdog;
    this.maxBacklogPerPartition = maxBacklog <= 0 ? 0 : Math.max(1, maxBacklog / keys.partitions());
    this.acks = acks;
    this.replicated = replicated;
    this.pacing = pacing;
  }

  @Override
  public Future<AcceptedContact> accept(InboundContact contact) {
    String channel = contact.channel().wireName();
    int partition = keys.partitionOf(channel, contact.externalId());
    String[] scriptKeys = {keys.dedupe(partition, channel, contact.externalId()), keys.stream(partition)};
    // fail fast while Redis does not answer: the sender keeps the contact and tries again
    // (503 + Retry-After, a poll backs off); a late accept then makes the retry a duplicate
    String[] args = {Ids.next("ct"), ContactJson.toJson(contact).encode(), Instant.now().toString(),
        Long.toString(maxBacklogPerPartition), acks.required() ? "1" : "0"};
    Future<List<Object>> stored = acks.required()
        ? watchdog.<Replicated<List<Object>>>guarded(
                () -> replicated.run(ACCEPT, acks.replicas(), acks.timeout(), scriptKeys, args), acks.timeout())
            .compose(this::confirmedByReplicas)
        : watchdog.guarded(() -> ACCEPT.run(redis, scriptKeys, args));
    return stored.compose(reply -> {
      if ("full".equals(reply.get(1))) {
        return Future.failedFuture(new Backlogged("the hub is behind on filing contacts (" + maxBacklogPerPartition
            + " waiting on this partition); nothing was stored, try again later"));
      }
      AcceptedContact accepted = new AcceptedContact((String) reply.get(0), "1".equals(reply.get(1)));
      // a repeat adds nothing to file: answered at once
      return pacing == null || accepted.duplicate() ? Future.succeededFuture(accepted)
          : pacing.answer(contact.channel(), (Long) reply.get(2), accepted);
    });
  }

  /** The script's reply once enough replicas have the contact; a refused (full) one needs none. */
  private Future<List<Object>> confirmedByReplicas(Replicated<List<Object>> written) {
    if ("full".equals(written.reply().get(1)) || written.replicas() >= acks.replicas()) {
      return Future.succeededFuture(written.reply());
    }
    return Future.failedFuture(new NotReplicated(written.replicas() + " of " + acks.replicas()
        + " replica(s) confirmed the contact within " + acks.timeout().toMillis() + " ms; it is not acknowledged "
        + "yet, try again: the retry is answered as a duplicate once the replicas have it"));
  }
}
