package org.crmhub.hub.portal;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import org.crmhub.connector.IdentityNormalizer;
import org.crmhub.connector.Ingest;
import org.crmhub.hub.auth.LoginRateLimiter;
import org.crmhub.hub.auth.PasswordHasher;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.redis.Redis;

/** The portal operations of the contract, by operationId, wired to their handlers. */
public final class PortalHandlers {

  private PortalHandlers() {}

  /** @return {@code handlers} plus the portal's */
  public static Map<String, Handler<RoutingContext>> addTo(Map<String, Handler<RoutingContext>> handlers,
      Vertx vertx, Redis redis, PortalSecret secret, Ingest ingest, IdentityNormalizer normalizer,
      LoginRateLimiter limiter, PortalMails mails) {
    PortalAccounts accounts = new PortalAccounts(vertx, redis, new PasswordHasher());
    CustomerStore customers = new CustomerStore(redis);
    PortalAccountsApi accountsApi = new PortalAccountsApi(accounts, new PortalTokens(secret), customers, normalizer,
        limiter, mails);
    PortalConversationsApi conversationsApi = new PortalConversationsApi(accounts, customers,
        new ConversationStore(redis), redis, ingest);
    Map<String, Handler<RoutingContext>> all = new HashMap<>(handlers);
    all.put("signUpCustomer", accountsApi::signUp);
    all.put("verifyCustomerEmail", accountsApi::verify);
    all.put("signInCustomer", accountsApi::signIn);
    all.put("requestPasswordReset", accountsApi::requestReset);
    all.put("confirmPasswordReset", accountsApi::confirmReset);
    all.put("listCustomerConversations", conversationsApi::list);
    all.put("getCustomerConversation", conversationsApi::get);
    all.put("replyAsCustomer", conversationsApi::reply);
    all.put("openCustomerRequest", conversationsApi::open);
    all.put("getCustomerAttachment", conversationsApi::attachment);
    return all;
  }
}
