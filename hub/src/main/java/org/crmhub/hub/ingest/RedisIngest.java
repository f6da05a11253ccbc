package org.crmhub.hub.ingest;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import org.crmhub.connector.AcceptedContact;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.Ingest;
import org.crmhub.hub.Ids;
import org.crmhub.hub.failure.Backlogged;
import org.crmhub.hub.redis.LuaScript;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.RedisWatchdog;

/**
 * Dedupe and append in one script, so a contact is either durably queued exactly once or not at
 * all. With AOF {@code appendfsync always}, Redis answers only after the write is on disk. A new
 * contact finding its partition's backlog at the limit is refused ({@link Backlogged}) rather
 * than queued until Redis runs out of memory; a repeat of an accepted one is still answered.
 */
public final class RedisIngest implements Ingest {

  private static final LuaScript ACCEPT = new LuaScript("""
      local first = redis.call('GET', KEYS[1])
      if first then
        return {first, '1'}
      end
      local limit = tonumber(ARGV[4])
      if limit > 0 and redis.call('XLEN', KEYS[2]) >= limit then
        return {'', 'full'}
      end
      redis.call('SET', KEYS[1], ARGV[1])
      redis.call('XADD', KEYS[2], '*', 'contactId', ARGV[1], 'contact', ARGV[2], 'acceptedAt', ARGV[3])
      return {ARGV[1], '0'}
      """, LuaScript.Returns.LIST);

  private final Redis redis;
  private final IngestKeys keys;
  private final RedisWatchdog watchdog;
  private final long maxBacklogPerPartition;

  /** Without a backlog limit. */
  public RedisIngest(Redis redis, IngestKeys keys, RedisWatchdog watchdog) {
    this(redis, keys, watchdog, 0);
  }

  /** @param maxBacklog contacts waiting to be filed, over all partitions, beyond which new ones are refused; 0 for no limit */
  public RedisIngest(Redis redis, IngestKeys keys, RedisWatchdog watchdog, long maxBacklog) {
    this.redis = redis;
    this.keys = keys;
    this.watchdog = watchdog;
    this.maxBacklogPerPartition = maxBacklog <= 0 ? 0 : Math.max(1, maxBacklog / keys.partitions());
  }

  @Override
  public Future<AcceptedContact> accept(InboundContact contact) {
    String channel = contact.channel().wireName();
    int partition = keys.partitionOf(channel, contact.externalId());
    String[] scriptKeys = {keys.dedupe(partition, channel, contact.externalId()), keys.stream(partition)};
    // fail fast while Redis does not answer: the sender keeps the contact and tries again
    // (503 + Retry-After, a poll backs off); a late accept then makes the retry a duplicate
    return watchdog.<List<Object>>guarded(() -> ACCEPT.run(redis, scriptKeys,
            Ids.next("ct"), ContactJson.toJson(contact).encode(), Instant.now().toString(),
            Long.toString(maxBacklogPerPartition)))
        .compose(reply -> "full".equals(reply.get(1))
            ? Future.failedFuture(new Backlogged("the hub is behind on filing contacts (" + maxBacklogPerPartition
                + " waiting on this partition); nothing was stored, try again later"))
            : Future.succeededFuture(new AcceptedContact((String) reply.get(0), "1".equals(reply.get(1)))));
  }
}
