package org.crmhub.hub.portal;

import io.vertx.core.Future;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityType;
import org.crmhub.hub.api.ApiProblem;
import org.crmhub.hub.conversation.Conversation;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.portal.PortalAccounts.Account;

/**
 * Who a portal account acts for: the customer who owns its verified email right now (so merges
 * and splits are followed), and whether a conversation is theirs.
 */
final class AccountOwners {

  /** A verified account and the customer it is (null before their first contact). */
  record Owner(Account account, String customerId) {

    boolean owns(Conversation conversation) {
      return customerId != null && conversation != null && customerId.equals(conversation.customerId());
    }
  }

  private final PortalAccounts accounts;
  private final CustomerStore customers;
  private final ConversationStore conversations;

  AccountOwners(PortalAccounts accounts, CustomerStore customers, ConversationStore conversations) {
    this.accounts = accounts;
    this.customers = customers;
    this.conversations = conversations;
  }

  /** The account's owner; 404 for an unknown or unverified account. */
  Future<Owner> of(String accountId) {
    return accounts.find(accountId).compose(account -> {
      if (account == null || !account.verified()) {
        return Future.failedFuture(ApiProblem.notFound("account " + accountId));
      }
      return customers.ownerOf(new Identity(IdentityType.EMAIL, account.email()))
          .map(customerId -> new Owner(account, customerId));
    });
  }

  /** The conversation's fields when it belongs to the owner; 404 otherwise, as if it did not exist. */
  Future<Conversation> owned(Owner owner, String conversationId) {
    return conversations.find(conversationId).compose(conversation -> owner.owns(conversation)
        ? Future.succeededFuture(conversation)
        : Future.failedFuture(ApiProblem.notFound("conversation " + conversationId)));
  }
}
