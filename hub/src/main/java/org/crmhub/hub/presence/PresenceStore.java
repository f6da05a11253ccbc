package org.crmhub.hub.presence;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import org.crmhub.hub.conversation.ConversationKeys;
import org.crmhub.hub.redis.LuaScript;
import org.crmhub.hub.redis.Redis;

/**
 * Who has a conversation open ("also viewing"), shared by every hub: each open view sends a
 * heartbeat; a viewer whose heartbeats stop drops out after the time to live, and the whole key
 * expires with the last one.
 */
public final class PresenceStore {

  /** Three missed heartbeats of the web app (every 10 s) and a viewer is gone. */
  public static final Duration TTL = Duration.ofSeconds(30);

  /** Drops expired viewers, adds or refreshes this one; answers whether it is new and who is there. */
  private static final LuaScript HEARTBEAT = new LuaScript("""
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
      local joined = redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
      redis.call('PEXPIRE', KEYS[1], ARGV[4])
      local viewers = redis.call('ZRANGE', KEYS[1], 0, 49)
      table.insert(viewers, 1, tostring(joined))
      return viewers
      """, LuaScript.Returns.LIST);

  private final Redis redis;

  public PresenceStore(Redis redis) {
    this.redis = redis;
  }

  /** The viewers after this heartbeat, sorted; {@code joined} when this viewer was not there before. */
  public record Viewers(boolean joined, List<String> names) {}

  public Future<Viewers> heartbeat(String conversationId, String viewer) {
    long now = System.currentTimeMillis();
    return HEARTBEAT.<List<Object>>run(redis, new String[] {ConversationKeys.presence(conversationId)},
            Long.toString(now), Long.toString(now + TTL.toMillis()), viewer, Long.toString(TTL.toMillis()))
        .map(reply -> new Viewers("1".equals(String.valueOf(reply.get(0))),
            reply.subList(1, reply.size()).stream().map(String::valueOf).sorted().toList()));
  }
}
