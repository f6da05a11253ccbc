package org.crmhub.hub.conversation;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.crmhub.hub.failure.NotFound;
import org.crmhub.hub.redis.Hashes;
import org.crmhub.hub.redis.LuaScript;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.Strings;

/** Conversations and their messages in Redis. */
public final class ConversationStore {

  /**
   * Adds a message once (HSETNX on its id) and updates the conversation's counters, preview and
   * recency-weighted sentiment in the same step (weighted by when messages were received: one
   * received earlier but filed after a newer one is weighed as if filed in time, exactly so for
   * the second newest). Inbound messages reopen the conversation. Given the conversation's
   * opening (ARGV 9 on), creates the conversation first when it does not exist; given a count
   * (ARGV 16), reserves that many numbers of the conversation's event sequence.
   * Returns the conversation's fields after the change (unchanged when the message was stored
   * before), and whether the message was new.
   */
  private static final LuaScript ADD_MESSAGE = new LuaScript(ConversationSentiment.FUNCTIONS + """
      local lastSequence = '0'
      if #ARGV > 15 and tonumber(ARGV[16]) > 0 then
        lastSequence = tostring(redis.call('INCRBY', KEYS[4], ARGV[16]))
      end
      if #ARGV > 8 and redis.call('HSETNX', KEYS[1], 'firstContactId', ARGV[9]) == 1 then
        redis.call('HSET', KEYS[1], 'id', ARGV[10], 'channel', ARGV[11], 'customerId', ARGV[12], 'status', 'open',
          'createdAt', ARGV[13], 'lastActivityAt', ARGV[13], 'lastActivityMs', ARGV[14], 'messageCount', '0',
          'version', '0', 'tags', '[]')
        if ARGV[15] ~= '' then
          redis.call('HSET', KEYS[1], 'subject', ARGV[15])
        end
      end
      if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then
        local unchanged = redis.call('HGETALL', KEYS[1])
        table.insert(unchanged, '_added')
        table.insert(unchanged, '0')
        table.insert(unchanged, '_lastSequence')
        table.insert(unchanged, lastSequence)
        return unchanged
      end
      redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
      redis.call('HINCRBY', KEYS[1], 'messageCount', 1)
      local last = tonumber(redis.call('HGET', KEYS[1], 'lastActivityMs') or '0')
      if tonumber(ARGV[3]) >= last then
        redis.call('HSET', KEYS[1], 'lastActivityMs', ARGV[3], 'lastActivityAt', ARGV[4], 'preview', ARGV[5])
      end
      if ARGV[6] == 'inbound' and ARGV[8] == '1' then
        local compound = tonumber(ARGV[7])
        local at = tonumber(ARGV[3])
        local score = compound
        local previous = tonumber(redis.call('HGET', KEYS[1], 'sentiment') or '')
        local newestAt = tonumber(redis.call('HGET', KEYS[1], 'sentimentAtMs') or '0')
        local count = scoredCount(KEYS[1], previous)
        if previous and at < newestAt then
          -- received before the newest scored message but filed after it (concurrent filing, a
          -- retry): it takes the place it would have had, second newest (oldest of two)
          local newest = tonumber(redis.call('HGET', KEYS[1], 'sentimentNewest') or previous)
          if count == 1 then
            score = blendSentiment(newest, compound)
          else
            score = 0.36 * newest + 0.24 * compound + 0.4 * previous
          end
        else
          if previous then
            score = blendSentiment(compound, previous)
          end
          redis.call('HSET', KEYS[1], 'sentimentAtMs', ARGV[3], 'sentimentNewest', ARGV[7])
        end
        redis.call('HSET', KEYS[1], 'sentimentCount', count + 1)
        redis.call('HSET', KEYS[1], 'sentiment', string.format('%.4f', score), 'sentimentLabel', sentimentLabel(score))
      end
      if ARGV[6] == 'inbound' then
        redis.call('HSETNX', KEYS[1], 'waitingSince', ARGV[4])
        redis.call('HSET', KEYS[1], 'status', 'open')
      else
        redis.call('HDEL', KEYS[1], 'waitingSince')
      end
      redis.call('HINCRBY', KEYS[1], 'version', 1)
      local fields = redis.call('HGETALL', KEYS[1])
      table.insert(fields, '_added')
      table.insert(fields, '1')
      table.insert(fields, '_lastSequence')
      table.insert(fields, lastSequence)
      return fields
      """, LuaScript.Returns.LIST);

  private final Redis redis;

  public ConversationStore(Redis redis) {
    this.redis = redis;
  }

  public Future<String> conversationOfContact(String contactId) {
    return redis.call(c -> c.get(ConversationKeys.contact(contactId)));
  }

  public Future<Void> fileContact(String contactId, String conversationId) {
    return redis.call(c -> c.set(ConversationKeys.contact(contactId), conversationId)).mapEmpty();
  }

  /** Binds a thread key to a conversation unless bound already; returns the bound conversation. */
  public Future<String> claimThread(String channel, String threadKey, String conversationId) {
    String key = ConversationKeys.thread(channel, threadKey);
    // listed beside the conversation in the same round trip, won or not: erasing it releases
    // only the keys still bound to it, so a claim that lost costs nothing there
    Future<Long> listed = redis.call(c -> c.sadd(ConversationKeys.threadKeys(conversationId), channel + ":" + threadKey));
    Future<Boolean> won = redis.call(c -> c.setnx(key, conversationId));
    return Future.all(listed, won)
        .compose(both -> won.result() ? Future.succeededFuture(conversationId) : redis.call(c -> c.get(key)));
  }

  /** {@code channel:threadKey} of the thread keys claimed for the conversation. */
  public Future<java.util.Set<String>> threadKeysOf(String conversationId) {
    return redis.call(c -> c.smembers(ConversationKeys.threadKeys(conversationId)));
  }

  /** Unbinds a thread key if it is bound to this conversation (another's binding is left alone). */
  public Future<Boolean> releaseThread(String channel, String threadKey, String conversationId) {
    return Strings.deleteIfEquals(redis, ConversationKeys.thread(channel, threadKey), conversationId);
  }

  /** Forgets the customer's conversation about a topic (the key names a hash of the topic). */
  public Future<Void> forgetTopic(String channel, String customerId, String topic) {
    return redis.call(c -> c.del(ConversationKeys.topic(channel, customerId, topicHash(topic)))).mapEmpty();
  }

  /** Forgets where a contact was filed, so nothing maps its id to the conversation any more. */
  public Future<Void> forgetContact(String contactId) {
    return redis.call(c -> c.del(ConversationKeys.contact(contactId))).mapEmpty();
  }

  /**
   * Deletes the conversation's own keys: the conversation, its messages, timeline, corrections,
   * event counter, viewers and thread-key list (one hash tag: one DEL).
   */
  public Future<Void> delete(String conversationId) {
    return redis.call(c -> c.del(ConversationKeys.conversation(conversationId),
            ConversationKeys.messages(conversationId), ConversationKeys.timeline(conversationId),
            ConversationKeys.sentimentCorrections(conversationId), ConversationKeys.eventSequence(conversationId),
            ConversationKeys.presence(conversationId), ConversationKeys.threadKeys(conversationId)))
        .mapEmpty();
  }

  /** The conversation a thread key is bound to, or null. */
  public Future<String> threadOf(String channel, String threadKey) {
    return redis.call(c -> c.get(ConversationKeys.thread(channel, threadKey)));
  }

  /** The customer's conversation about a topic while its window lasts, or null. */
  public Future<String> conversationOfTopic(String channel, String customerId, String topic) {
    return redis.call(c -> c.get(ConversationKeys.topic(channel, customerId, topicHash(topic))));
  }

  /** Remembers the customer's latest conversation about a topic for {@code window}. */
  public Future<Void> rememberTopic(String channel, String customerId, String topic, String conversationId,
      java.time.Duration window) {
    String key = ConversationKeys.topic(channel, customerId, topicHash(topic));
    return redis.call(c -> c.psetex(key, window.toMillis(), conversationId)).mapEmpty();
  }

  /**
   * Binds the customer's topic to {@code conversationId} for {@code window} unless it is bound
   * already; returns the conversation it is bound to.
   */
  public Future<String> claimTopic(String channel, String customerId, String topic, String conversationId,
      java.time.Duration window) {
    String key = ConversationKeys.topic(channel, customerId, topicHash(topic));
    return Strings.setIfAbsent(redis, key, conversationId, window)
        .compose(set -> set ? Future.succeededFuture(conversationId)
            // it can lapse between the two commands: then nobody else holds it either
            : redis.call(c -> c.get(key)).map(bound -> bound != null ? bound : conversationId));
  }

  private static String topicHash(String topic) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(topic.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  /**
   * The conversation after a message was added; {@code added} false when it was stored before.
   * {@code firstContactId} is the contact that created the conversation (null when the message
   * was added without an {@link Opening}); {@code lastSequence} the last of the event sequence
   * numbers reserved with it (0 when none were).
   */
  public record Added(Conversation conversation, boolean added, String firstContactId, long lastSequence) {}

  /** What a conversation starts with, when the message that is filed may be its first. */
  public record Opening(String channel, String customerId, String subject, Instant createdAt, String contactId) {}

  /** @param scored false for text the scorer left alone (another language): the mood stays as it was */
  public Future<Added> addMessage(String conversationId, JsonObject message, String preview,
      String direction, double compound, boolean scored) {
    return addMessage(conversationId, null, 0, message, preview, direction, compound, scored);
  }

  /**
   * Adds a message to the conversation, creating the conversation from {@code opening} first when
   * it does not exist yet, and reserving {@code sequences} numbers of its event sequence for the
   * events about it: one round trip for a contact's whole filing in its conversation.
   */
  public Future<Added> addMessage(String conversationId, Opening opening, int sequences, JsonObject message,
      String preview, String direction, double compound, boolean scored) {
    Instant at = Instant.parse(message.getString("receivedAt"));
    String[] keys = {
        ConversationKeys.conversation(conversationId),
        ConversationKeys.messages(conversationId),
        ConversationKeys.timeline(conversationId),
        ConversationKeys.eventSequence(conversationId)};
    List<String> args = new java.util.ArrayList<>(List.of(
        message.getString("id"), message.encode(), Long.toString(at.toEpochMilli()), at.toString(),
        preview, direction, Double.toString(compound), scored ? "1" : "0"));
    if (opening != null) {
      args.addAll(List.of(opening.contactId(), conversationId, opening.channel(),
          opening.customerId() == null ? "" : opening.customerId(), opening.createdAt().toString(),
          Long.toString(opening.createdAt().toEpochMilli()),
          opening.subject() == null ? "" : opening.subject().strip(), Integer.toString(sequences)));
    }
    return ADD_MESSAGE.<List<Object>>run(redis, keys, args.toArray(String[]::new))
        .map(ConversationStore::toMap)
        .map(fields -> {
          boolean added = "1".equals(fields.remove("_added"));
          long lastSequence = Long.parseLong(fields.remove("_lastSequence"));
          return new Added(new Conversation(fields), added, opening == null ? null : fields.get("firstContactId"),
              lastSequence);
        });
  }

  private static Map<String, String> toMap(List<Object> flat) {
    Map<String, String> fields = new java.util.HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      fields.put((String) flat.get(i), (String) flat.get(i + 1));
    }
    return fields;
  }

  /** The conversation, or null when there is no such conversation. */
  public Future<Conversation> find(String conversationId) {
    return redis.call(c -> c.hgetall(ConversationKeys.conversation(conversationId))).map(Conversation::ofStored);
  }

  /** The conversation's status, or null when there is no such conversation. */
  public Future<String> status(String conversationId) {
    return redis.call(c -> c.hget(ConversationKeys.conversation(conversationId), "status"));
  }

  /** Sets fields and bumps the version in one round trip. */
  public Future<Void> update(String conversationId, Map<String, String> changes) {
    String key = ConversationKeys.conversation(conversationId);
    return redis.call(c -> c.hset(key, changes))
        .compose(v -> redis.call(c -> c.hincrby(key, "version", 1)))
        .mapEmpty();
  }

  public Future<Void> removeField(String conversationId, String field) {
    return redis.call(c -> c.hdel(ConversationKeys.conversation(conversationId), field)).mapEmpty();
  }

  /** Replaces a stored message (a reply whose sending finished) and bumps the version. */
  public Future<Void> updateMessage(String conversationId, JsonObject message) {
    return Future.all(
            redis.call(c -> c.hset(ConversationKeys.messages(conversationId), message.getString("id"), message.encode())),
            redis.call(c -> c.hincrby(ConversationKeys.conversation(conversationId), "version", 1)))
        .mapEmpty();
  }

  /** The newest {@code limit} messages, newest first. */
  public Future<List<JsonObject>> latestMessages(String conversationId, int limit) {
    return redis.call(c -> c.zrevrange(ConversationKeys.timeline(conversationId), 0, limit - 1))
        .compose(ids -> messagesById(conversationId, ids));
  }

  /**
   * Adds a staff note to the thread. Unlike a message it leaves the preview, the waiting time,
   * the status and the sentiment alone: customers never see notes, and the queue is about them.
   */
  public Future<Void> addNote(String conversationId, JsonObject note) {
    Instant at = Instant.parse(note.getString("receivedAt"));
    String[] keys = {
        ConversationKeys.conversation(conversationId),
        ConversationKeys.messages(conversationId),
        ConversationKeys.timeline(conversationId)};
    return ADD_NOTE.run(redis, keys, note.getString("id"), note.encode(), Long.toString(at.toEpochMilli())).mapEmpty();
  }

  private static final LuaScript ADD_NOTE = new LuaScript("""
      if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
      redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
      redis.call('HINCRBY', KEYS[1], 'version', 1)
      return 1
      """, LuaScript.Returns.INTEGER);

  /** Adds a tag unless present (tags are a small JSON array on the conversation). */
  public Future<Void> addTag(String conversationId, String tag) {
    return ADD_TAG.run(redis, new String[] {ConversationKeys.conversation(conversationId)}, tag).mapEmpty();
  }

  private static final LuaScript ADD_TAG = new LuaScript("""
      local tags = cjson.decode(redis.call('HGET', KEYS[1], 'tags') or '[]')
      for _, tag in ipairs(tags) do
        if tag == ARGV[1] then return 0 end
      end
      table.insert(tags, ARGV[1])
      redis.call('HSET', KEYS[1], 'tags', cjson.encode(tags))
      redis.call('HINCRBY', KEYS[1], 'version', 1)
      return 1
      """, LuaScript.Returns.INTEGER);

  /** The newest {@code limit} messages, oldest first: a long conversation shows how it stands now. */
  public Future<List<JsonObject>> messages(String conversationId, int limit) {
    return newestPage(conversationId, limit).map(page -> parsed(page.messagesJson()));
  }

  /**
   * A page of a thread: its messages and notes as stored JSON (sentiment as corrected), oldest
   * first, and how many of the thread come before the first of them.
   */
  public record ThreadPage(List<String> messagesJson, long older) {}

  /**
   * Reads ranks and ids in one step, so a message filed meanwhile cannot shift the page against
   * the count: ARGV[1] the id the page ends before ('' for the thread's end), ARGV[2] its size.
   * Answers the rank of the page's first message, then the ids; -1 alone when ARGV[1] is not in
   * the thread.
   */
  private static final LuaScript THREAD_PAGE = new LuaScript("""
      local finish
      if ARGV[1] == '' then
        finish = redis.call('ZCARD', KEYS[1])
      else
        finish = redis.call('ZRANK', KEYS[1], ARGV[1])
        if not finish then return {-1} end
      end
      local start = math.max(0, finish - tonumber(ARGV[2]))
      local page = {start}
      if finish > start then
        for _, id in ipairs(redis.call('ZRANGE', KEYS[1], start, finish - 1)) do
          page[#page + 1] = id
        end
      end
      return page
      """, LuaScript.Returns.LIST);

  /**
   * The newest {@code limit} messages and notes of the thread, as stored: an answer that only
   * passes them on does not parse and encode a thousand messages again one by one.
   */
  public Future<ThreadPage> newestPage(String conversationId, int limit) {
    return threadPage(conversationId, "", limit);
  }

  /** Up to {@code limit} messages and notes just before {@code messageId}; null when it is not in the thread. */
  public Future<ThreadPage> pageBefore(String conversationId, String messageId, int limit) {
    return threadPage(conversationId, messageId, limit);
  }

  private Future<ThreadPage> threadPage(String conversationId, String before, int limit) {
    return THREAD_PAGE.<List<Object>>run(redis, new String[] {ConversationKeys.timeline(conversationId)},
            before, Integer.toString(limit))
        .compose(reply -> {
          long first = (Long) reply.get(0);
          if (first < 0) {
            return Future.succeededFuture(null);
          }
          List<String> ids = reply.subList(1, reply.size()).stream().map(String.class::cast).toList();
          return jsonById(conversationId, ids).map(json -> new ThreadPage(json, first));
        });
  }

  /**
   * Up to {@code count} messages from the {@code start}th (0: the oldest) in time order, their
   * sentiment as corrected where it was: a whole conversation read a page at a time.
   */
  public Future<List<JsonObject>> messagePage(String conversationId, long start, int count) {
    return redis.call(c -> c.zrange(ConversationKeys.timeline(conversationId), start, start + count - 1))
        .compose(ids -> messagesById(conversationId, ids));
  }

  /** One message (its sentiment as corrected, if it was), or null when the conversation has no such message. */
  public Future<JsonObject> message(String conversationId, String messageId) {
    Future<String> message = redis.call(c -> c.hget(ConversationKeys.messages(conversationId), messageId));
    Future<String> correction = redis.call(c -> c.hget(ConversationKeys.sentimentCorrections(conversationId), messageId));
    return Future.all(message, correction).map(both -> message.result() == null ? null
        : SentimentCorrection.applyTo(new JsonObject(message.result()), correction.result()));
  }

  /** The messages with these ids, in the ids' order, their sentiment as corrected where it was. */
  private Future<List<JsonObject>> messagesById(String conversationId, List<String> ids) {
    return jsonById(conversationId, ids).map(ConversationStore::parsed);
  }

  /** {@link #messagesById} as JSON: stored messages as stored, corrected ones parsed and written again. */
  private Future<List<String>> jsonById(String conversationId, List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Future<List<String>> messages = Hashes.values(redis, ConversationKeys.messages(conversationId), ids);
    // corrections are few (people make them), so the whole hash is read
    Future<Map<String, String>> corrections = redis.call(
        c -> c.hgetall(ConversationKeys.sentimentCorrections(conversationId)));
    return Future.all(messages, corrections).map(both -> corrected(messages.result(),
        ids.stream().map(corrections.result()::get).toList()));
  }

  /**
   * The stored messages (null where one is missing: left out) with their corrections (null where
   * none) applied, in order: stored messages as stored, corrected ones parsed and written again.
   */
  private static List<String> corrected(List<?> messages, List<?> corrections) {
    List<String> found = new java.util.ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i) instanceof String json) {
        found.add(corrections.get(i) instanceof String correction
            ? SentimentCorrection.applyTo(new JsonObject(json), correction).encode() : json);
      }
    }
    return found;
  }

  /** A conversation and some of its messages, read together. */
  public record WithMessages(Conversation conversation, List<JsonObject> messages) {}

  /**
   * KEYS: the conversation, its messages, its sentiment corrections; ARGV: message ids. Answers
   * nothing for no conversation, else the conversation's fields, then the messages and their
   * corrections by id (false where there is none).
   */
  private static final LuaScript WITH_MESSAGES = new LuaScript("""
      local conversation = redis.call('HGETALL', KEYS[1])
      if #conversation == 0 then
        return {}
      end
      if #ARGV == 0 then
        return {conversation, {}, {}}
      end
      return {conversation, redis.call('HMGET', KEYS[2], unpack(ARGV)), redis.call('HMGET', KEYS[3], unpack(ARGV))}
      """, LuaScript.Returns.LIST);

  /**
   * The conversation and those of these messages it has (in the ids' order, sentiment as
   * corrected) in one step; null when there is no such conversation.
   */
  public Future<WithMessages> withMessages(String conversationId, List<String> ids) {
    return WITH_MESSAGES.<List<Object>>run(redis, new String[] {ConversationKeys.conversation(conversationId),
            ConversationKeys.messages(conversationId), ConversationKeys.sentimentCorrections(conversationId)},
            ids.toArray(String[]::new))
        .map(read -> {
          if (read.isEmpty()) {
            return null;
          }
          return new WithMessages(Conversation.ofStored(Hashes.fieldsOf((List<?>) read.get(0))),
              parsed(corrected((List<?>) read.get(1), (List<?>) read.get(2))));
        });
  }

  private static List<JsonObject> parsed(List<String> messages) {
    return messages.stream().map(JsonObject::new).toList();
  }

  /**
   * A customer message's sentiment after a person corrected it (or undid their correction), with
   * the conversation after the change.
   *
   * @param changed false for an undo of a message that had no correction: nothing changed
   */
  public record SentimentCorrected(Conversation conversation, JsonObject message, boolean changed) {}

  /**
   * Corrects the sentiment of a customer's message ({@code correction} null: undoes the
   * correction, the analyser's score counts again) and recomputes the conversation's
   * recency-weighted sentiment from its messages as they now count, in one script, bumping the
   * conversation's version. Fails with {@link NotFound} for an unknown conversation or message,
   * and for a staff reply or note (they have no sentiment).
   */
  public Future<SentimentCorrected> correctSentiment(String conversationId, String messageId,
      SentimentCorrection correction) {
    String[] keys = {
        ConversationKeys.conversation(conversationId),
        ConversationKeys.messages(conversationId),
        ConversationKeys.timeline(conversationId),
        ConversationKeys.sentimentCorrections(conversationId)};
    return ConversationSentiment.CORRECT.<List<Object>>run(redis, keys, messageId,
            correction == null ? "" : correction.toJson().encode(),
            Integer.toString(ConversationSentiment.FOLDED_MESSAGES), Integer.toString(ConversationSentiment.SCANNED_ENTRIES))
        .compose(reply -> {
          String outcome = (String) reply.get(0);
          if ("missing-conversation".equals(outcome)) {
            return Future.failedFuture(new NotFound("conversation " + conversationId));
          }
          if ("missing-message".equals(outcome)) {
            return Future.failedFuture(new NotFound("message " + messageId + " in conversation " + conversationId));
          }
          if ("not-customer".equals(outcome)) {
            return Future.failedFuture(NotFound.because("message " + messageId + " is a staff reply or note: only the"
                + " customer's messages have a sentiment to correct"));
          }
          String stored = (String) reply.get(2);
          JsonObject message = SentimentCorrection.applyTo(new JsonObject((String) reply.get(1)),
              stored.isEmpty() ? null : stored);
          Conversation conversation = new Conversation(toMap(reply.subList(3, reply.size())));
          return Future.succeededFuture(new SentimentCorrected(conversation, message, "changed".equals(outcome)));
        });
  }
}
