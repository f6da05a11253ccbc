package org.crmhub.hub.customer;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.crmhub.connector.Identity;
import org.crmhub.hub.redis.LuaScript;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.Scored;
import org.crmhub.hub.redis.SortedSets;

/** Customers, their identities (with provenance) and sentiment points, in Redis. */
public final class CustomerStore {

  /** Sentiment points kept per customer. */
  private static final int SENTIMENT_POINTS = 100;

  private final Redis redis;

  public CustomerStore(Redis redis) {
    this.redis = redis;
  }

  /** @return the customer id owning the identity, or null */
  public Future<String> ownerOf(Identity identity) {
    return redis.call(c -> c.get(CustomerKeys.owner(identity)));
  }

  /** Links the identity to the customer unless someone owns it already; returns the owner. */
  public Future<String> claim(Identity identity, String customerId) {
    String key = CustomerKeys.owner(identity);
    return redis.call(c -> c.setnx(key, customerId))
        .compose(won -> won ? Future.succeededFuture(customerId) : redis.call(c -> c.get(key)));
  }

  /** Moves the identity to another customer unconditionally (merge, split). */
  public Future<Void> reassign(Identity identity, String customerId) {
    return redis.call(c -> c.set(CustomerKeys.owner(identity), customerId)).mapEmpty();
  }

  /** Records why the identity belongs to the customer; the first record wins. */
  public Future<Void> recordProvenance(String customerId, Identity identity, JsonObject provenance) {
    return redis.call(c -> c.hsetnx(CustomerKeys.identities(customerId), identity.key(), provenance.encode()))
        .mapEmpty();
  }

  public Future<Void> replaceProvenance(String customerId, Identity identity, JsonObject provenance) {
    return redis.call(c -> c.hset(CustomerKeys.identities(customerId), identity.key(), provenance.encode()))
        .mapEmpty();
  }

  public Future<Void> forgetIdentity(String customerId, Identity identity) {
    return redis.call(c -> c.hdel(CustomerKeys.identities(customerId), identity.key())).mapEmpty();
  }

  /** identity key -> provenance */
  public Future<Map<String, String>> identities(String customerId) {
    return redis.call(c -> c.hgetall(CustomerKeys.identities(customerId)));
  }

  /**
   * Creates the customer record if missing, in one round trip. Returns the id of the contact that
   * created it (which tells a redelivered contact whether it was the one) and the customer's name.
   */
  public Future<CreatedBy> ensure(String customerId, String name, Instant firstSeen, String contactId) {
    return ENSURE.<List<Object>>run(redis, new String[] {CustomerKeys.customer(customerId)},
            contactId, firstSeen.toString(), name == null ? "" : name)
        .map(reply -> new CreatedBy((String) reply.get(0), reply.size() > 1 ? (String) reply.get(1) : null));
  }

  /** @param name null when the customer has none */
  public record CreatedBy(String firstContactId, String name) {}

  private static final LuaScript ENSURE = new LuaScript("""
      redis.call('HSETNX', KEYS[1], 'firstContactId', ARGV[1])
      redis.call('HSETNX', KEYS[1], 'createdAt', ARGV[2])
      if ARGV[3] ~= '' then
        redis.call('HSETNX', KEYS[1], 'name', ARGV[3])
      end
      return redis.call('HMGET', KEYS[1], 'firstContactId', 'name')
      """, LuaScript.Returns.LIST);

  /** The customer, or null when there is no such customer. */
  public Future<Customer> find(String customerId) {
    return redis.call(c -> c.hgetall(CustomerKeys.customer(customerId)))
        .map(fields -> Customer.ofStored(customerId, fields));
  }

  /** The customer's name, or null when there is no such customer or it has no name. */
  public Future<String> name(String customerId) {
    return customerId == null ? Future.succeededFuture(null)
        : redis.call(c -> c.hget(CustomerKeys.customer(customerId), "name"));
  }

  public Future<Void> setField(String customerId, String field, String value) {
    return redis.call(c -> c.hset(CustomerKeys.customer(customerId), field, value)).mapEmpty();
  }

  public Future<Void> clearField(String customerId, String field) {
    return redis.call(c -> c.hdel(CustomerKeys.customer(customerId), field)).mapEmpty();
  }

  public Future<Void> addConversation(String customerId, String conversationId, long lastActivityMs) {
    return redis.call(c -> c.zadd(CustomerKeys.conversations(customerId), lastActivityMs, conversationId))
        .mapEmpty();
  }

  public Future<Void> removeConversation(String customerId, String conversationId) {
    return redis.call(c -> c.zrem(CustomerKeys.conversations(customerId), conversationId)).mapEmpty();
  }

  /** Conversation ids with their last activity, newest first. */
  public Future<List<Scored>> conversations(String customerId, int limit) {
    return SortedSets.highestFirst(redis, CustomerKeys.conversations(customerId), 0, limit - 1);
  }

  /** Adds a point (idempotent per message) and keeps the newest {@value #SENTIMENT_POINTS}. */
  public Future<Void> addSentimentPoint(String customerId, SentimentPoint point) {
    String key = CustomerKeys.sentiment(customerId);
    // both go out pipelined on one connection, so they run in this order
    return Future.all(
            redis.call(c -> c.zadd(key, point.atMillis(), point.member())),
            redis.call(c -> c.zremrangebyrank(key, 0, -SENTIMENT_POINTS - 1)))
        .mapEmpty();
  }

  public Future<Void> removeSentimentPoint(String customerId, SentimentPoint point) {
    return redis.call(c -> c.zrem(CustomerKeys.sentiment(customerId), point.member())).mapEmpty();
  }

  /** Oldest first. */
  public Future<List<SentimentPoint>> sentimentPoints(String customerId) {
    return SortedSets.lowestFirst(redis, CustomerKeys.sentiment(customerId), 0, -1)
        .map(scored -> scored.stream().map(SentimentPoint::fromScored).toList());
  }

  public Future<Void> suggestMerge(String customerId, Identity identity, JsonObject suggestion) {
    return redis.call(c -> c.hset(CustomerKeys.suggestions(customerId), identity.key(), suggestion.encode()))
        .mapEmpty();
  }

  public Future<Map<String, String>> suggestions(String customerId) {
    return redis.call(c -> c.hgetall(CustomerKeys.suggestions(customerId)));
  }

  public Future<String> openConversation(String customerId, String channel) {
    return redis.call(c -> c.get(CustomerKeys.openConversation(customerId, channel)));
  }

  /** Compare-and-set of the open-conversation pointer; returns whichever id is current after it. */
  public Future<String> replaceOpenConversation(String customerId, String channel, String expected, String next) {
    return OpenConversationSwap.run(redis, CustomerKeys.openConversation(customerId, channel), expected, next);
  }

  public Future<Void> setOpenConversation(String customerId, String channel, String conversationId) {
    return redis.call(c -> c.set(CustomerKeys.openConversation(customerId, channel), conversationId)).mapEmpty();
  }

  public Future<Void> clearOpenConversation(String customerId, String channel) {
    return redis.call(c -> c.del(CustomerKeys.openConversation(customerId, channel))).mapEmpty();
  }

  public Future<Void> saveMerge(JsonObject merge) {
    String id = merge.getString("id");
    return redis.call(c -> c.set(CustomerKeys.merge(id), merge.encode())).mapEmpty();
  }

  public Future<Void> recordMergeFor(String customerId, String mergeId) {
    return redis.call(c -> c.lpush(CustomerKeys.merges(customerId), mergeId)).mapEmpty();
  }

  public Future<JsonObject> merge(String mergeId) {
    return redis.call(c -> c.get(CustomerKeys.merge(mergeId)))
        .map(json -> json == null ? null : new JsonObject(json));
  }

  public Future<List<String>> mergeIds(String customerId) {
    return redis.call(c -> c.lrange(CustomerKeys.merges(customerId), 0, 49));
  }

  /** One sentiment observation of a message. */
  public record SentimentPoint(long atMillis, double compound, String messageId, String conversationId) {

    String member() {
      return messageId + "|" + compound + "|" + conversationId;
    }

    static SentimentPoint fromScored(Scored scored) {
      String[] parts = scored.member().split("\\|", 3);
      return new SentimentPoint((long) scored.score(), Double.parseDouble(parts[1]), parts[0],
          parts.length > 2 ? parts[2] : "");
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("at", Instant.ofEpochMilli(atMillis).toString())
          .put("compound", compound)
          .put("messageId", messageId)
          .put("conversationId", conversationId);
    }
  }
}
