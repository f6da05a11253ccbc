package org.crmhub.hub.conversation;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.ThreadHints;
import org.crmhub.hub.Ids;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.customer.ResolvedCustomer;

/**
 * Decides which conversation a contact joins: the one it was filed in before (redelivery), else
 * the conversation its own thread key is bound to, else the one its {@link ThreadHints} point at
 * (a known referenced thread key, a vouched-for conversation, the same customer's recent
 * conversation on the same topic), and then it claims its own thread key for that conversation;
 * without a thread key and hints, the customer's open conversation on that channel; else a new
 * one. A joined conversation is reopened by the inbound message. Races between hubs are settled
 * by SETNX / compare-and-set.
 */
public final class ConversationThreader {

  /** A message's References can be long; only the most recent ones are looked up. */
  private static final int MAX_REFS = 20;

  private final ConversationStore conversations;
  private final CustomerStore customers;

  public ConversationThreader(ConversationStore conversations, CustomerStore customers) {
    this.conversations = conversations;
    this.customers = customers;
  }

  /**
   * The conversation the contact joins (it may not exist yet: the contact's filing creates it).
   *
   * @param customer null for a contact without a customer (a withheld caller)
   * @param filedBefore the conversation an earlier delivery of this contact was filed in, or null
   *     (looked up by the caller beside the customer, see {@link ConversationStore#conversationOfContact})
   */
  public Future<String> place(String contactId, InboundContact contact, ResolvedCustomer customer,
      String filedBefore) {
    return filedBefore != null ? Future.succeededFuture(filedBefore) : choose(contactId, contact, customer);
  }

  /**
   * Remembers where the contact was filed, for its redelivery and for later contacts on its topic.
   * Sent together with the message's filing: if either fails, the redelivery places it again in the
   * same conversation.
   */
  public Future<Void> remember(String contactId, InboundContact contact, String customerId, String conversationId) {
    return Future.all(conversations.fileContact(contactId, conversationId),
            rememberTopic(contact, customerId, conversationId))
        .mapEmpty();
  }

  private Future<String> choose(String contactId, InboundContact contact, ResolvedCustomer customer) {
    String channel = contact.channel().wireName();
    String customerId = customer == null ? null : customer.id();
    ThreadHints hints = ThreadHints.of(contact);
    if (contact.threadKey() != null) {
      return conversations.threadOf(channel, contact.threadKey())
          .compose(bound -> bound != null ? Future.succeededFuture(bound) : byHints(channel, hints, customerId)
              .compose(hinted -> hinted != null ? Future.succeededFuture(hinted) : claimThreadStart(channel, hints, customerId))
              .compose(chosen -> conversations.claimThread(channel, contact.threadKey(), chosen)));
    }
    return byHints(channel, hints, customerId).compose(hinted -> {
      if (hinted != null) {
        return Future.succeededFuture(hinted);
      }
      if (customerId == null) {
        // named after the contact, so a redelivery chooses it again even if its filing was not
        // remembered (the two are written at once)
        return Future.succeededFuture(conversationOfUnknownSender(contactId));
      }
      // only a conversation that exists and is closed gives way to a new one: one not stored yet is
      // being started by a contact processed at the same moment, and is joined, or two would open
      // (the pointer was read with the customer; the compare-and-set settles a stale read)
      String current = customer.openConversation();
      return current == null
          ? customers.replaceOpenConversation(customerId, channel, null, Ids.next("cv"))
          : conversations.status(current).compose(status -> Conversation.CLOSED.equals(status)
              ? customers.replaceOpenConversation(customerId, channel, current, Ids.next("cv"))
              : Future.succeededFuture(current));
    });
  }

  private static String conversationOfUnknownSender(String contactId) {
    return "cv_" + contactId.substring(contactId.indexOf('_') + 1);
  }

  /**
   * Nothing known points anywhere yet, but a contact processed at the same moment may be starting
   * the same thread (a mail backlog is read in batches and processed concurrently). So every contact
   * of one thread claims the same key before it decides: the thread's root (its oldest reference),
   * else the customer's topic. Whichever contact comes first, the others find its claim.
   */
  private Future<String> claimThreadStart(String channel, ThreadHints hints, String customerId) {
    String fresh = Ids.next("cv");
    List<String> refs = hints.refs();
    if (!refs.isEmpty()) {
      return conversations.claimThread(channel, refs.get(Math.min(refs.size(), MAX_REFS) - 1), fresh);
    }
    if (hints.topic() != null && !hints.topic().isBlank() && customerId != null && hints.topicWindowSeconds() > 0) {
      return conversations.claimTopic(channel, customerId, hints.topic(), fresh,
          Duration.ofSeconds(hints.topicWindowSeconds()));
    }
    return Future.succeededFuture(fresh);
  }

  /** The conversation the hints point at, best evidence first; null when none does. */
  private Future<String> byHints(String channel, ThreadHints hints, String customerId) {
    return firstKnownRef(channel, hints.refs().stream().limit(MAX_REFS).toList())
        .compose(found -> found != null ? Future.succeededFuture(found) : vouched(hints.conversationId()))
        .compose(found -> found != null || hints.topic() == null || customerId == null
            ? Future.succeededFuture(found)
            : conversations.conversationOfTopic(channel, customerId, hints.topic()));
  }

  private Future<String> firstKnownRef(String channel, List<String> refs) {
    if (refs.isEmpty()) {
      return Future.succeededFuture(null);
    }
    List<Future<String>> lookups = refs.stream().map(ref -> conversations.threadOf(channel, ref)).toList();
    return Future.all(lookups).map(done -> lookups.stream()
        .map(Future::result).filter(java.util.Objects::nonNull).findFirst().orElse(null));
  }

  /** A conversation the connector vouches for counts only while it exists. */
  private Future<String> vouched(String conversationId) {
    if (conversationId == null) {
      return Future.succeededFuture(null);
    }
    return conversations.find(conversationId).map(conversation -> conversation == null ? null : conversationId);
  }

  private Future<Void> rememberTopic(InboundContact contact, String customerId, String conversationId) {
    ThreadHints hints = ThreadHints.of(contact);
    if (hints.topic() == null || hints.topic().isBlank() || customerId == null || hints.topicWindowSeconds() <= 0) {
      return Future.succeededFuture();
    }
    return conversations.rememberTopic(contact.channel().wireName(), customerId, hints.topic(), conversationId,
        Duration.ofSeconds(hints.topicWindowSeconds()));
  }

}
