package org.crmhub.hub.faults;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crmhub.hub.redis.Redis;

/**
 * Reads from Redis what the hubs' API does not show, so that a fault test can freeze the hub that
 * holds work at the right moment. The keys are the hub's own layout: {@code WebhookStore} keeps
 * each delivery's claim token (the claiming hub's id, a slash, the round), {@code RedisLeases} a
 * lease's holder id, {@code IngestKeys} a key per accepted contact, {@code AttachmentRecords} a
 * hash per attachment. It can also take from the hubs the right to write attachment records.
 */
final class HubRedisView {

  private static final String DELIVERY_CLAIMS = "crm:{webhooks}:leases";
  private static final String ATTACHMENT_RECORD_PREFIX = "crm:attachment:";

  private final Redis redis;

  private HubRedisView(Redis redis) {
    this.redis = redis;
  }

  static Future<HubRedisView> connect(Vertx vertx, String redisUrl) {
    return Redis.connect(vertx, redisUrl).map(HubRedisView::new);
  }

  /** Hub id -> the deliveries it holds a claim on (finished deliveries have none). */
  Future<Map<String, Set<String>>> deliveryClaims() {
    return redis.call(c -> c.hgetall(DELIVERY_CLAIMS)).map(claims -> {
      Map<String, Set<String>> byHub = new HashMap<>();
      claims.forEach((deliveryId, token) ->
          byHub.computeIfAbsent(token.substring(0, token.indexOf('/')), hub -> new HashSet<>()).add(deliveryId));
      return byHub;
    });
  }

  /** The id of the hub holding a connector's lease (e.g. {@code email:support@example.com}); null: none. */
  Future<String> connectorLease(String name) {
    return redis.call(c -> c.get("crm:lease:" + name));
  }

  /** How many contacts of a channel whose external id starts with {@code prefix} the hubs have accepted. */
  Future<Integer> accepted(String channel, String prefix) {
    return redis.call(c -> c.keys("crm:{in:*}:seen:" + channel + ":" + prefix + "*")).map(List::size);
  }

  /** The keys of every attachment record. */
  Future<Set<String>> attachmentRecords() {
    return redis.call(c -> c.keys(ATTACHMENT_RECORD_PREFIX + "*")).map(Set::copyOf);
  }

  /**
   * From now on the hubs (Redis' default user) may read every key but write none of the
   * attachment records, and everything else as before: a hub that stores an attachment writes
   * its blob, then fails at the record. ACL key patterns are globs without negation, so "every
   * key but {@code crm:attachment:*}" is one pattern per character of that prefix: the keys that
   * share the prefix up to it and differ there. Each grants reading and writing, as a key a command
   * both reads and writes (a script's) must match one pattern that grants both. Changed ACLs apply
   * to open connections at once.
   */
  Future<Void> refuseAttachmentRecordWrites() {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8)
        .add("SETUSER").add("default").add("resetkeys").add("%R~*");
    for (int i = 0; i < ATTACHMENT_RECORD_PREFIX.length(); i++) {
      args.add("~" + ATTACHMENT_RECORD_PREFIX.substring(0, i) + "[^" + ATTACHMENT_RECORD_PREFIX.charAt(i) + "]*");
    }
    return setUser(args);
  }

  /** Undoes {@link #refuseAttachmentRecordWrites()}: every key readable and writable again. */
  Future<Void> allowAllWrites() {
    return setUser(new CommandArgs<>(StringCodec.UTF8).add("SETUSER").add("default").add("resetkeys").add("~*"));
  }

  private Future<Void> setUser(CommandArgs<String, String> args) {
    return redis.call(c -> c.dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args)).mapEmpty();
  }

  Future<Void> close() {
    return redis.shutdown();
  }
}
