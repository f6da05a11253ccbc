package org.crmhub.hub.portal;

import static org.crmhub.hub.JsonFields.putIfPresent;
import io.vertx.core.Handler;
import java.util.Map;
import org.crmhub.hub.api.ApiOperations;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityNormalizer;
import org.crmhub.connector.IdentityType;
import org.crmhub.hub.api.ApiProblem;
import org.crmhub.hub.api.ContractValidation;
import org.crmhub.hub.api.Responses;
import org.crmhub.hub.auth.LoginRateLimiter;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.portal.PortalAccounts.Account;
import org.crmhub.hub.portal.PortalTokens.Purpose;

/**
 * Portal account operations, for the portal's key only: sign up, verify, sign in, reset. The
 * portal rate-limits its visitors and mails the verification links; this side owns accounts and
 * checks, limits password attempts too (per account and the customer's address the portal names),
 * and mails reset links itself, so a reset token never leaves through the API.
 */
public final class PortalAccountsApi implements ApiOperations {

  static final Duration VERIFY_LIFETIME = Duration.ofHours(24);
  static final Duration RESET_LIFETIME = Duration.ofHours(1);

  private final PortalAccounts accounts;
  private final PortalTokens tokens;
  private final CustomerStore customers;
  private final IdentityNormalizer normalizer;
  private final LoginRateLimiter limiter;
  private final PortalMails mails;

  public PortalAccountsApi(PortalAccounts accounts, PortalTokens tokens, CustomerStore customers,
      IdentityNormalizer normalizer, LoginRateLimiter limiter, PortalMails mails) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.customers = customers;
    this.normalizer = normalizer;
    this.limiter = limiter;
    this.mails = mails;
  }

  public void signUp(RoutingContext ctx) {
    JsonObject body = body(ctx);
    Future.succeededFuture(email(body))
        .compose(email -> accounts.signUp(email, body.getString("name"), body.getString("password")))
        .onSuccess(account -> Responses.json(ctx, 201, tokenJson(account,
            tokens.issue(Purpose.VERIFY, account.id(), account.passwordHash(), VERIFY_LIFETIME))))
        .onFailure(ctx::fail);
  }

  public void verify(RoutingContext ctx) {
    JsonObject body = body(ctx);
    String address = clientAddress(ctx, body);
    withValidToken(body.getString("token"), Purpose.VERIFY)
        .compose(account -> attempt(account.email(), address, account)
            .compose(v -> accounts.checkPassword(account, body.getString("password")))
            .compose(checked -> checked == null
                ? Future.failedFuture(ApiProblem.of(401, "Unauthorized", "wrong password"))
                : limiter.succeeded(signInAccount(account.email()), address).map(checked)))
        .compose(accounts::markVerified)
        .compose(this::accountJson)
        .onComplete(Responses.answer(ctx, 200));
  }

  public void signIn(RoutingContext ctx) {
    JsonObject body = body(ctx);
    String address = clientAddress(ctx, body);
    Future.succeededFuture(email(body))
        .compose(email -> accounts.findByEmail(email).compose(account -> attempt(email, address, account)
            .compose(v -> accounts.checkPassword(account, body.getString("password")))
            .compose(checked -> checked == null
                ? Future.failedFuture(ApiProblem.of(401, "Unauthorized", "wrong email or password"))
                : limiter.succeeded(signInAccount(email), address).map(checked))))
        .compose(account -> {
          if (!account.verified()) {
            return Future.failedFuture(ApiProblem.of(403, "Forbidden", "the email is not verified yet"));
          }
          return accountJson(account);
        })
        .onComplete(Responses.answer(ctx, 200));
  }

  public void requestReset(RoutingContext ctx) {
    JsonObject body = body(ctx);
    Future.succeededFuture(email(body))
        .compose(accounts::findByEmail)
        // the same answer whether or not the email has an account; only its mailbox gets the link
        .compose(account -> account == null ? Future.<Void>succeededFuture() : mails.resetLink(account.email(),
                tokens.issue(Purpose.RESET, account.id(), account.passwordHash(), RESET_LIFETIME).token())
            .recover(failure -> Future.failedFuture(ApiProblem.of(503, "Service Unavailable",
                "the reset mail could not be sent; try again in a few minutes"))))
        .onComplete(Responses.empty(ctx, 202));
  }

  public void confirmReset(RoutingContext ctx) {
    JsonObject body = body(ctx);
    String password = body.getString("password");
    if (password.length() < 10) {
      ctx.fail(ApiProblem.badRequest("/password", "must be at least 10 characters"));
      return;
    }
    withValidToken(body.getString("token"), Purpose.RESET)
        .compose(account -> accounts.changePassword(account, password))
        .compose(this::accountJson)
        .onComplete(Responses.answer(ctx, 200));
  }

  /**
   * Counts a password attempt for the email before it is judged; 429 when a budget is used up. When
   * this attempt used up the budget of the customer's address, the account's owner is told by mail.
   */
  private Future<Void> attempt(String email, String address, Account account) {
    return limiter.begin(signInAccount(email), address).compose(attempt -> {
      if (attempt.guessed() && account != null) {
        mails.guessingWarning(account.email());
      }
      return attempt.allowed()
          ? Future.succeededFuture()
          : Future.failedFuture(ApiProblem.tooManyRequests(attempt.waitSeconds()));
    });
  }

  private static String signInAccount(String email) {
    return "portal:" + email;
  }

  /** The customer's address as the portal names it, else the caller's own. */
  private static String clientAddress(RoutingContext ctx, JsonObject body) {
    String named = body.getString("clientAddress");
    return named != null ? named : ctx.request().remoteAddress().hostAddress();
  }

  private Future<Account> withValidToken(String token, Purpose purpose) {
    PortalTokens.Claim claim = PortalTokens.parse(token);
    ApiProblem invalid = ApiProblem.badRequest("/token", "the link is invalid, used or expired");
    if (claim == null) {
      return Future.failedFuture(invalid);
    }
    return accounts.find(claim.accountId()).compose(account -> account != null
            && tokens.valid(claim, purpose, account.passwordHash())
        ? Future.succeededFuture(account)
        : Future.failedFuture(invalid));
  }

  private Future<JsonObject> accountJson(Account account) {
    return customers.ownerOf(new Identity(IdentityType.EMAIL, account.email())).map(customerId -> {
      JsonObject json = new JsonObject()
          .put("accountId", account.id())
          .put("email", account.email())
          .put("verified", account.verified());
      putIfPresent(json, "name", account.name());
      return putIfPresent(json, "customerId", customerId);
    });
  }

  private static JsonObject tokenJson(Account account, PortalTokens.Issued issued) {
    return new JsonObject()
        .put("accountId", account.id())
        .put("email", account.email())
        .put("token", issued.token())
        .put("expiresAt", issued.expiresAt().toString());
  }

  private String email(JsonObject body) {
    try {
      return normalizer.normalize(IdentityType.EMAIL, body.getString("email")).value();
    } catch (IdentityNormalizer.InvalidIdentityException e) {
      throw ApiProblem.badRequest("/email", e.getMessage());
    }
  }

  private static JsonObject body(RoutingContext ctx) {
    return ContractValidation.validated(ctx).getBody().getJsonObject();
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "signUpCustomer", this::signUp,
        "verifyCustomerEmail", this::verify,
        "signInCustomer", this::signIn,
        "requestPasswordReset", this::requestReset,
        "confirmPasswordReset", this::confirmReset);
  }
}
