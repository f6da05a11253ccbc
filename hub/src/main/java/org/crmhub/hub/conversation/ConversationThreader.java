package org.crmhub.hub.conversation;

import io.vertx.core.Future;
import org.crmhub.connector.InboundContact;
import org.crmhub.hub.Ids;
import org.crmhub.hub.customer.CustomerStore;

/**
 * Decides which conversation a contact joins: the one it was filed in before (redelivery), else
 * the conversation of its thread key (reopened if closed), else the customer's open conversation
 * on that channel, else a new one. Races between hubs are settled by SETNX / compare-and-set.
 */
public final class ConversationThreader {

  private final ConversationStore conversations;
  private final CustomerStore customers;

  public ConversationThreader(ConversationStore conversations, CustomerStore customers) {
    this.conversations = conversations;
    this.customers = customers;
  }

  /** @param created true when this contact started the conversation */
  public record Placement(String conversationId, boolean created) {}

  /** @param customerId null for a contact without a customer (a withheld caller) */
  public Future<Placement> place(String contactId, InboundContact contact, String customerId) {
    return conversations.conversationOfContact(contactId)
        .compose(filed -> filed != null ? Future.succeededFuture(filed) : choose(contact, customerId))
        .compose(conversationId -> conversations.ensure(conversationId, contact.channel().wireName(),
                customerId == null ? "" : customerId,
                contact.subject(), contact.receivedAt(), contactId)
            .compose(firstContactId -> conversations.fileContact(contactId, conversationId)
                .map(v -> new Placement(conversationId, contactId.equals(firstContactId)))));
  }

  private Future<String> choose(InboundContact contact, String customerId) {
    String channel = contact.channel().wireName();
    if (contact.threadKey() != null) {
      return conversations.claimThread(channel, contact.threadKey(), Ids.next("cv"));
    }
    if (customerId == null) {
      return Future.succeededFuture(Ids.next("cv"));
    }
    return customers.openConversation(customerId, channel)
        .compose(current -> current == null
            ? customers.replaceOpenConversation(customerId, channel, null, Ids.next("cv"))
            : conversations.fields(current).compose(fields -> isOpen(fields)
                ? Future.succeededFuture(current)
                : customers.replaceOpenConversation(customerId, channel, current, Ids.next("cv"))));
  }

  private static boolean isOpen(java.util.Map<String, String> fields) {
    return !fields.isEmpty() && !"closed".equals(fields.get("status"));
  }
}
