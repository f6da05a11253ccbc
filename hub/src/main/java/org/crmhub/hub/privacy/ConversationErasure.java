package org.crmhub.hub.privacy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.crmhub.hub.async.AsyncLoop;
import org.crmhub.hub.attachment.Attachments;
import org.crmhub.hub.conversation.Conversation;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.conversation.InboxIndex;
import org.crmhub.hub.ingest.DeadLetters;
import org.crmhub.hub.ingest.IngestKeys;
import org.crmhub.hub.portal.PortalKeys;
import org.crmhub.hub.redis.Redis;

/**
 * Erases one conversation: every message's attachments and the keys that name the message or its
 * provider ids (where a contact was filed, its duplicate check, thread keys, its topic, its last
 * processing error), then the conversation's place in the inbox, then its own keys. It reads the
 * messages a page at a time and deletes the conversation last, so a run stopped half-way is run
 * again from the start and finds what is left.
 */
final class ConversationErasure {

  private static final int PAGE = 200;
  /** Values of a message's metadata tried as thread keys; an email's References are the most. */
  private static final int MAX_THREAD_CANDIDATES = 64;

  private final Redis redis;
  private final ConversationStore conversations;
  private final InboxIndex inbox;
  private final Attachments attachments;
  private final IngestKeys ingestKeys;

  ConversationErasure(Redis redis, ConversationStore conversations, InboxIndex inbox, Attachments attachments,
      IngestKeys ingestKeys) {
    this.redis = redis;
    this.conversations = conversations;
    this.inbox = inbox;
    this.attachments = attachments;
    this.ingestKeys = ingestKeys;
  }

  /** The customer the conversation belongs to, or null when it is gone (or has none). */
  Future<String> customerOf(String conversationId) {
    return conversations.find(conversationId).map(found -> found == null ? null : found.customerId());
  }

  Future<Void> erase(String conversationId, ErasureTally tally) {
    return conversations.find(conversationId).compose(found -> {
      // without its record (deleted by hand, or a write that half failed) whatever else is left of
      // it still goes: the messages say their own channel
      Conversation conversation = found != null ? found : new Conversation(java.util.Map.of("id", conversationId));
      return messagesFrom(conversation, 0, tally)
          .compose(v -> threadKeys(conversation))
          .compose(v -> inbox.forget(conversation))
          .compose(v -> conversations.delete(conversationId))
          .onSuccess(v -> tally.add("conversations", found != null ? 1 : 0));
    });
  }

  /** A page of messages at a time; the loop's state is the next page's start, null after the last. */
  private Future<Void> messagesFrom(Conversation conversation, long first, ErasureTally tally) {
    return AsyncLoop.<Long>iterate(first, Objects::isNull, start ->
        conversations.messagePage(conversation.id(), start, PAGE).compose(page -> {
          List<Future<?>> erased = new ArrayList<>();
          for (JsonObject message : page) {
            erased.add(aroundMessage(conversation, message, tally));
          }
          tally.add("messages", page.size());
          return Future.all(erased).map(v -> page.size() < PAGE ? null : start + PAGE);
        }))
        .mapEmpty();
  }

  /** What outside the conversation's own keys names one message. */
  private Future<Void> aroundMessage(Conversation conversation, JsonObject message, ErasureTally tally) {
    String id = message.getString("id");
    String channel = message.getString("channel", conversation.channel());
    List<Future<?>> deleted = new ArrayList<>();
    for (String attachmentId : attachmentIds(message)) {
      deleted.add(attachment(attachmentId, tally));
    }
    // only a customer's contact was filed through the ingest (replies and notes never were)
    if (id != null && "inbound".equals(message.getString("direction"))) {
      deleted.add(conversations.forgetContact(id));
      deleted.add(redis.call(c -> c.del(DeadLetters.lastErrorKey(id))));
    }
    String externalId = message.getString("externalId");
    if (channel != null && externalId != null) {
      String dedupe = ingestKeys.dedupe(ingestKeys.partitionOf(channel, externalId), channel, externalId);
      deleted.add(redis.call(c -> c.del(dedupe)));
    }
    if (channel != null) {
      for (String candidate : threadCandidates(message)) {
        deleted.add(conversations.releaseThread(channel, candidate, conversation.id()));
      }
      String topic = topicOf(message);
      if (topic != null && conversation.customerId() != null) {
        deleted.add(conversations.forgetTopic(channel, conversation.customerId(), topic));
      }
    }
    return Future.all(deleted).mapEmpty();
  }

  private Future<Void> attachment(String attachmentId, ErasureTally tally) {
    return attachments.find(attachmentId)
        .compose(found -> {
          if (found != null && found.sha256() != null) {
            tally.digest(found.sha256());
          }
          return attachments.delete(attachmentId);
        })
        .compose(deleted -> {
          tally.add("attachments", deleted ? 1 : 0);
          return redis.call(c -> c.del(PortalKeys.attachmentOwner(attachmentId)));
        })
        .mapEmpty();
  }

  /** The thread keys claimed for the conversation, each released if still bound to it. */
  private Future<Void> threadKeys(Conversation conversation) {
    return conversations.threadKeysOf(conversation.id()).compose(keys -> {
      List<Future<Boolean>> released = new ArrayList<>();
      for (String channelAndKey : keys) {
        int colon = channelAndKey.indexOf(':');
        if (colon > 0) {
          released.add(conversations.releaseThread(channelAndKey.substring(0, colon),
              channelAndKey.substring(colon + 1), conversation.id()));
        }
      }
      return Future.all(released).mapEmpty();
    });
  }

  /** Every attachment id the message names, wherever (an email's list, a portal request's one file). */
  static Set<String> attachmentIds(JsonObject message) {
    Set<String> ids = new LinkedHashSet<>();
    collectStrings(message, ids, Integer.MAX_VALUE, Attachments::isId);
    return ids;
  }

  /**
   * Values that may be thread keys the message's contact claimed (its provider id, its references
   * and other ids in its metadata), for messages filed before conversations listed their thread
   * keys; a candidate is released only if it is bound to this conversation, so a wrong guess
   * changes nothing.
   */
  static Set<String> threadCandidates(JsonObject message) {
    Set<String> candidates = new LinkedHashSet<>();
    String externalId = message.getString("externalId");
    if (externalId != null) {
      candidates.add(externalId);
    }
    JsonObject metadata = message.getJsonObject("metadata");
    if (metadata != null) {
      collectStrings(metadata, candidates, MAX_THREAD_CANDIDATES, value -> value.length() <= 1_000);
    }
    return candidates;
  }

  private static String topicOf(JsonObject message) {
    JsonObject metadata = message.getJsonObject("metadata");
    JsonObject thread = metadata == null ? null : metadata.getJsonObject("thread");
    return thread == null ? null : thread.getString("topic");
  }

  private static void collectStrings(Object value, Set<String> into, int limit,
      java.util.function.Predicate<String> wanted) {
    if (into.size() >= limit) {
      return;
    }
    if (value instanceof String text) {
      if (wanted.test(text)) {
        into.add(text);
      }
    } else if (value instanceof JsonObject object) {
      object.forEach(entry -> collectStrings(entry.getValue(), into, limit, wanted));
    } else if (value instanceof JsonArray array) {
      array.forEach(item -> collectStrings(item, into, limit, wanted));
    }
  }
}
