package org.crmhub.hub.portal;

import io.vertx.core.Vertx;
import java.util.List;
import org.crmhub.connector.IdentityNormalizer;
import org.crmhub.connector.Ingest;
import org.crmhub.hub.api.ApiOperations;
import org.crmhub.hub.attachment.Attachments;
import org.crmhub.hub.auth.LoginRateLimiter;
import org.crmhub.hub.auth.PasswordHasher;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.search.SearchService;

/** The portal's part of the REST API: customer accounts, the customer's own conversations and search over their own messages. */
public final class PortalApis {

  private PortalApis() {}

  public static List<ApiOperations> create(Vertx vertx, Redis redis, PortalSecret secret, Ingest ingest,
      CustomerStore customers, ConversationStore conversations, Attachments attachments, IdentityNormalizer normalizer,
      LoginRateLimiter limiter, PortalMails mails, SearchService search) {
    PortalAccounts accounts = new PortalAccounts(vertx, redis, new PasswordHasher());
    return List.of(
        new PortalAccountsApi(accounts, new PortalTokens(secret), customers, normalizer, limiter, mails),
        new PortalConversationsApi(accounts, customers, conversations, redis, attachments, ingest),
        new PortalSearchApi(new AccountOwners(accounts, customers, conversations), conversations, search));
  }
}
