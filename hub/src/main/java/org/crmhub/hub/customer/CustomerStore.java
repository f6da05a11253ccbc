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
    return CLAIM.run(redis, new String[] {CustomerKeys.owner(identity)}, customerId);
  }

  private static final LuaScript CLAIM = new LuaScript("""
      local owner = redis.call('GET', KEYS[1])
      if owner then return owner end
      redis.call('SET', KEYS[1], ARGV[1])
      return ARGV[1]
      """, LuaScript.Returns.VALUE);

  /** Moves the identity to another customer unconditionally (merge, split). */
  public Future<Void> reassign(Identity identity, String customerId) {
    return redis.call(c -> c.set(CustomerKeys.owner(identity), customerId)).mapEmpty();
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
   * What a contact says about one of its identities: the customer owns it ({@code owner} null;
   * the provenance to record, by whether this contact created the customer), or another
   * customer does (a merge suggestion).
   */
  public record IdentityLink(Identity identity, String owner, String firstContactProvenance,
      String sameContactProvenance, String suggestion) {

    public static IdentityLink own(Identity identity, JsonObject firstContact, JsonObject sameContact) {
      return new IdentityLink(identity, null, firstContact.encode(), sameContact.encode(), null);
    }

    public static IdentityLink ownedBy(Identity identity, String owner, JsonObject suggestion) {
      return new IdentityLink(identity, owner, null, null, suggestion.encode());
    }
  }

  /**
   * The customer after a contact linked to it: who created it, its name and which contact told
   * it, its open conversation on the contact's channel (null when none), and per link the contact
   * whose provenance is on record (null for another's identity).
   */
  public record Linked(String firstContactId, String name, String nameContactId, String openConversation,
      List<String> provenanceMessageIds) {}

  /**
   * Creates the customer if missing and records the contact's identities (the first record of
   * each wins) and merge suggestions, and reads the customer's open conversation on the contact's
   * channel, in one round trip.
   */
  public Future<Linked> link(String customerId, String name, Instant firstSeen, String contactId, String channel,
      List<IdentityLink> links) {
    String[] keys = {CustomerKeys.customer(customerId), CustomerKeys.identities(customerId),
        CustomerKeys.suggestions(customerId), CustomerKeys.openConversation(customerId, channel)};
    List<String> args = new java.util.ArrayList<>(List.of(contactId, firstSeen.toString(), name == null ? "" : name));
    for (IdentityLink link : links) {
      args.add(link.identity().key());
      if (link.owner() == null) {
        args.addAll(List.of("own", link.firstContactProvenance(), link.sameContactProvenance()));
      } else {
        args.addAll(List.of("suggest", link.suggestion(), ""));
      }
    }
    return LINK.<List<Object>>run(redis, keys, args.toArray(String[]::new)).map(reply -> {
      List<String> recordedBy = new java.util.ArrayList<>();
      for (Object provenance : reply.subList(4, reply.size())) {
        String json = (String) provenance;
        recordedBy.add(json == null || json.isEmpty() ? null : new JsonObject(json).getString("messageId"));
      }
      return new Linked((String) reply.get(0), (String) reply.get(1), (String) reply.get(2), (String) reply.get(3),
          recordedBy);
    });
  }

  private static final LuaScript LINK = new LuaScript("""
      redis.call('HSETNX', KEYS[1], 'firstContactId', ARGV[1])
      redis.call('HSETNX', KEYS[1], 'createdAt', ARGV[2])
      if ARGV[3] ~= '' and redis.call('HSETNX', KEYS[1], 'name', ARGV[3]) == 1 then
        redis.call('HSET', KEYS[1], 'nameContactId', ARGV[1])
      end
      local reply = redis.call('HMGET', KEYS[1], 'firstContactId', 'name', 'nameContactId')
      local created = reply[1] == ARGV[1]
      table.insert(reply, redis.call('GET', KEYS[4]))
      for i = 4, #ARGV, 4 do
        local identity = ARGV[i]
        if ARGV[i + 1] == 'own' then
          redis.call('HSETNX', KEYS[2], identity, created and ARGV[i + 2] or ARGV[i + 3])
          table.insert(reply, redis.call('HGET', KEYS[2], identity))
        else
          redis.call('HSET', KEYS[3], identity, ARGV[i + 2])
          table.insert(reply, '')
        end
      end
      return reply
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

  /**
   * Every conversation id of the customer with its last activity, least recently active first, in
   * one read: paging by rank would skip a conversation when another moves to the end (a new
   * message) between two pages.
   */
  public Future<List<Scored>> allConversations(String customerId) {
    return SortedSets.lowestFirst(redis, CustomerKeys.conversations(customerId), 0, -1);
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

  /**
   * What an inbound message changes on its customer, in one round trip: the conversation's place
   * in the customer's list and, for a scored message, its sentiment point (the newest
   * {@value #SENTIMENT_POINTS} kept).
   *
   * @param point null for a message that was not scored
   * @param wantPoints whether to answer the points after the change (oldest first); else empty
   */
  public Future<List<SentimentPoint>> recordMessage(String customerId, String conversationId, long lastActivityMs,
      SentimentPoint point, boolean wantPoints) {
    String[] keys = {CustomerKeys.conversations(customerId), CustomerKeys.sentiment(customerId)};
    return RECORD_MESSAGE.<List<Object>>run(redis, keys, conversationId, Long.toString(lastActivityMs),
            point == null ? "" : Long.toString(point.atMillis()), point == null ? "" : point.member(),
            Integer.toString(SENTIMENT_POINTS), wantPoints ? "1" : "0")
        .map(reply -> {
          List<SentimentPoint> points = new java.util.ArrayList<>(reply.size() / 2);
          for (int i = 0; i + 1 < reply.size(); i += 2) {
            points.add(SentimentPoint.fromScored(
                new Scored((String) reply.get(i), Double.parseDouble((String) reply.get(i + 1)))));
          }
          return points;
        });
  }

  private static final LuaScript RECORD_MESSAGE = new LuaScript("""
      redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
      if ARGV[3] ~= '' then
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
        redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -tonumber(ARGV[5]) - 1)
      end
      if ARGV[6] == '1' then
        return redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
      end
      return {}
      """, LuaScript.Returns.LIST);

  /**
   * Replaces the sentiment point of a message a person corrected (or whose correction was undone)
   * with {@code point}; null removes it (an unscored message's correction undone). {@code version}
   * orders the corrections of one message (its conversation's version after the change): a
   * replacement older than one applied already changes nothing.
   *
   * @return false when a newer correction was applied already
   */
  public Future<Boolean> replaceSentimentPoint(String customerId, String messageId, long atMillis,
      SentimentPoint point, long version) {
    String[] keys = {CustomerKeys.sentiment(customerId), CustomerKeys.sentimentCorrectionVersions(customerId)};
    return REPLACE_POINT.<Long>run(redis, keys, messageId, Long.toString(version), Long.toString(atMillis),
            point == null ? "" : point.member(), Integer.toString(SENTIMENT_POINTS))
        .map(applied -> applied == 1L);
  }

  /** Members of one message's point share its time as score and start with its id and "|". */
  private static final LuaScript REPLACE_POINT = new LuaScript("""
      local applied = redis.call('HGET', KEYS[2], ARGV[1])
      if applied and tonumber(applied) > tonumber(ARGV[2]) then return 0 end
      redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
      local prefix = ARGV[1] .. '|'
      for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[3], ARGV[3])) do
        if string.sub(member, 1, #prefix) == prefix then
          redis.call('ZREM', KEYS[1], member)
        end
      end
      if ARGV[4] ~= '' then
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
        redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -tonumber(ARGV[5]) - 1)
      end
      return 1
      """, LuaScript.Returns.INTEGER);

  public Future<Void> removeSentimentPoint(String customerId, SentimentPoint point) {
    return redis.call(c -> c.zrem(CustomerKeys.sentiment(customerId), point.member())).mapEmpty();
  }

  /** Oldest first. */
  public Future<List<SentimentPoint>> sentimentPoints(String customerId) {
    return SortedSets.lowestFirst(redis, CustomerKeys.sentiment(customerId), 0, -1)
        .map(scored -> scored.stream().map(SentimentPoint::fromScored).toList());
  }

  public Future<Map<String, String>> suggestions(String customerId) {
    return redis.call(c -> c.hgetall(CustomerKeys.suggestions(customerId)));
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

  // --- erasure

  /** Every merge the customer took part in, newest first (the API shows the newest 50). */
  public Future<List<String>> allMergeIds(String customerId) {
    return redis.call(c -> c.lrange(CustomerKeys.merges(customerId), 0, -1));
  }

  /** Every conversation id of the customer. */
  public Future<List<String>> allConversationIds(String customerId) {
    return redis.call(c -> c.zrange(CustomerKeys.conversations(customerId), 0, -1));
  }

  /** Unlinks an identity from the customer if it still owns it (a move since is left alone). */
  public Future<Boolean> releaseIdentity(Identity identity, String customerId) {
    return org.crmhub.hub.redis.Strings.deleteIfEquals(redis, CustomerKeys.owner(identity), customerId);
  }

  /** Drops the customer's merge suggestions about these identities (another's, being erased). */
  public Future<Void> forgetSuggestions(String customerId, java.util.Collection<String> identityKeys) {
    return identityKeys.isEmpty() ? Future.succeededFuture()
        : redis.call(c -> c.hdel(CustomerKeys.suggestions(customerId), identityKeys.toArray(String[]::new))).mapEmpty();
  }

  /** Deletes a merge record, and its id from a customer's list of merges. */
  public Future<Void> deleteMerge(String mergeId, String listedBy) {
    return Future.all(redis.call(c -> c.del(CustomerKeys.merge(mergeId))),
            redis.call(c -> c.lrem(CustomerKeys.merges(listedBy), 0, mergeId)))
        .mapEmpty();
  }

  /**
   * Deletes the customer's own keys: the record, identities with provenance, conversations list,
   * sentiment points and their correction versions, open-conversation pointers, merges list and
   * suggestions (one hash tag: one DEL).
   */
  public Future<Void> delete(String customerId) {
    List<String> keys = new java.util.ArrayList<>(List.of(CustomerKeys.customer(customerId),
        CustomerKeys.identities(customerId), CustomerKeys.conversations(customerId), CustomerKeys.sentiment(customerId),
        CustomerKeys.sentimentCorrectionVersions(customerId), CustomerKeys.merges(customerId),
        CustomerKeys.suggestions(customerId)));
    for (org.crmhub.connector.Channel channel : org.crmhub.connector.Channel.values()) {
      keys.add(CustomerKeys.openConversation(customerId, channel.wireName()));
    }
    return redis.call(c -> c.del(keys.toArray(String[]::new))).mapEmpty();
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
