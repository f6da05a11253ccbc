package org.crmhub.portal;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.crmhub.client.model.PortalAccount;
import org.crmhub.portal.HubGateway.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sign up, confirm the email, sign in and out, reset the password. */
final class AccountPages {

  private static final Logger LOG = LoggerFactory.getLogger(AccountPages.class);
  static final int MIN_PASSWORD = 10;
  /** Retry-After for the hub's own 429, whose exact wait the generated client does not pass on. */
  private static final long HUB_RETRY_SECONDS = 60;
  private static final PortalProblem MAIL_DOWN = new PortalProblem(503, "Mail is not working",
      "We could not send you the message just now. Please try again in a few minutes.", 60L);

  private final HubGateway hub;
  private final Visitors visitors;
  private final RateLimiter signIns;
  private final RateLimiter signInsByAddress;
  private final RateLimiter signUps;
  private final Mailer mailer;
  private final String publicUrl;

  /**
   * @param signIns sign-in attempts per (email, client address), and more per email
   * @param signInsByAddress sign-in and confirmation attempts per client address (many customers
   *     may share one address, so its limit is higher)
   * @param signUps sign-ups and reset mails per client address
   */
  AccountPages(HubGateway hub, Visitors visitors, RateLimiter signIns, RateLimiter signInsByAddress,
      RateLimiter signUps, Mailer mailer, String publicUrl) {
    this.hub = hub;
    this.visitors = visitors;
    this.signIns = signIns;
    this.signInsByAddress = signInsByAddress;
    this.signUps = signUps;
    this.mailer = mailer;
    this.publicUrl = publicUrl;
  }

  void mount(Router router) {
    router.get("/").handler(ctx -> Visitors.redirect(ctx, signedIn(ctx) ? "/conversations" : "/sign-in"));
    router.get("/sign-in").handler(ctx -> show(ctx, session -> Pages.signIn(session, "", null)));
    router.post("/sign-in").handler(Visitors::checkCsrf).handler(this::signIn);
    router.get("/sign-up").handler(ctx -> show(ctx, session -> Pages.signUp(session, "", "", null)));
    router.post("/sign-up").handler(Visitors::checkCsrf).handler(this::signUp);
    router.get("/verify").handler(ctx -> show(ctx, session -> Pages.verify(session, token(ctx), null)));
    router.post("/verify").handler(Visitors::checkCsrf).handler(this::verify);
    router.post("/sign-out").handler(Visitors::checkCsrf).handler(ctx -> visitors.signOut(ctx)
        .onSuccess(v -> Visitors.redirect(ctx, "/sign-in"))
        .onFailure(ctx::fail));
    router.get("/password-reset").handler(ctx -> show(ctx, session -> Pages.resetRequest(session, null)));
    router.post("/password-reset").handler(Visitors::checkCsrf).handler(this::requestReset);
    router.get("/password-reset/confirm")
        .handler(ctx -> show(ctx, session -> Pages.resetConfirm(session, token(ctx), null)));
    router.post("/password-reset/confirm").handler(Visitors::checkCsrf).handler(this::confirmReset);
  }

  private void signIn(RoutingContext ctx) {
    String email = form(ctx, "email").toLowerCase(Locale.ROOT);
    String password = form(ctx, "password");
    String address = Visitors.clientAddress(ctx);
    // counted before the hub judges the password: per address, then per (email, address) and per email
    signInsByAddress.take(address)
        .compose(wait -> wait > 0 ? Future.succeededFuture(wait) : signIns.take(email, address))
        .compose(wait -> wait > 0
            ? Future.failedFuture(PortalProblem.tooManyAttempts(wait))
            : hub.signIn(email, password, address))
        .compose(account -> Future.all(signIns.giveBack(email, address), signInsByAddress.giveBack(address))
            .compose(v -> visitors.signIn(ctx, account.getAccountId(), account.getEmail(), account.getName())))
        .onSuccess(session -> Visitors.redirect(ctx, "/conversations"))
        .onFailure(failure -> {
          if (failure instanceof Refusal refusal && refusal.status() == 403) {
            render(ctx, 403, Pages.signIn(Visitors.session(ctx), email,
                "Please confirm your email address first: open the link we sent you."));
          } else if (failure instanceof Refusal refusal && (refusal.status() == 401 || refusal.status() == 400)) {
            render(ctx, 401, Pages.signIn(Visitors.session(ctx), email, "Wrong email or password."));
          } else {
            ctx.fail(hubLimited(failure));
          }
        });
  }

  /** The hub's own limit (it counts per email and customer address too) shown like ours. */
  private Throwable hubLimited(Throwable failure) {
    return failure instanceof Refusal refusal && refusal.status() == 429
        ? PortalProblem.tooManyAttempts(HUB_RETRY_SECONDS) : failure;
  }

  private void signUp(RoutingContext ctx) {
    String email = form(ctx, "email").strip();
    String name = form(ctx, "name").strip();
    String password = form(ctx, "password");
    if (password.length() < MIN_PASSWORD || password.length() > 256) {
      render(ctx, 400, Pages.signUp(Visitors.session(ctx), email, name,
          "Choose a password of at least " + MIN_PASSWORD + " characters."));
      return;
    }
    signUps.take(Visitors.clientAddress(ctx))
        .compose(wait -> wait > 0
            ? Future.failedFuture(PortalProblem.tooManyAttempts(wait))
            : hub.signUp(email, password, name.isEmpty() ? null : name))
        .compose(token -> mail(token.getEmail(), "Confirm your email address",
            "Please confirm your email address for the customer support portal by opening this link:\n\n"
                + link("/verify", token.getToken()) + "\n\nThe link works for 24 hours. "
                + "If you did not create an account, ignore this message."))
        .recover(failure -> {
          if (failure instanceof Refusal refusal && refusal.status() == 409) {
            // the address has an account: tell its owner, not the visitor
            return mail(email, "You already have an account",
                "Someone (probably you) tried to create a support portal account with this address, which has "
                    + "one already. Sign in at " + publicUrl + "/sign-in or reset your password at "
                    + publicUrl + "/password-reset.");
          }
          return Future.failedFuture(failure);
        })
        .onSuccess(v -> render(ctx, 200, Pages.checkMail(Visitors.session(ctx), "Check your email",
            "confirms your address and works for 24 hours")))
        .onFailure(failure -> {
          if (failure instanceof Refusal refusal && refusal.status() == 400) {
            render(ctx, 400, Pages.signUp(Visitors.session(ctx), email, name, "Enter a valid email address."));
          } else {
            ctx.fail(failure);
          }
        });
  }

  private void verify(RoutingContext ctx) {
    String token = form(ctx, "token");
    signInsByAddress.take(Visitors.clientAddress(ctx))
        .compose(wait -> wait > 0
            ? Future.failedFuture(PortalProblem.tooManyAttempts(wait))
            : hub.verify(token, form(ctx, "password")))
        .compose(account -> signedInAs(ctx, account))
        .onSuccess(v -> Visitors.redirect(ctx, "/conversations?notice=verified"))
        .onFailure(failure -> {
          if (failure instanceof Refusal refusal && refusal.status() == 401) {
            render(ctx, 401, Pages.verify(Visitors.session(ctx), token, "Wrong password."));
          } else if (failure instanceof Refusal refusal && refusal.status() == 429) {
            ctx.fail(hubLimited(failure));
          } else if (failure instanceof Refusal) {
            render(ctx, 400, Pages.verify(Visitors.session(ctx), token,
                "This link is invalid or has expired. Sign up again to get a new one."));
          } else {
            ctx.fail(failure);
          }
        });
  }

  private void requestReset(RoutingContext ctx) {
    String email = form(ctx, "email").strip();
    signUps.take(Visitors.clientAddress(ctx))
        .compose(wait -> wait > 0
            ? Future.failedFuture(PortalProblem.tooManyAttempts(wait))
            // the hub mails the link to the account's address itself
            : hub.requestReset(email))
        // a malformed address gets the same page, so the form tells nobody anything; a hub that
        // could not mail (503) is no Refusal and gets the "try again soon" page
        .recover(failure -> failure instanceof Refusal ? Future.succeededFuture() : Future.failedFuture(failure))
        .onSuccess(v -> render(ctx, 200, Pages.checkMail(Visitors.session(ctx), "Check your email",
            "lets you choose a new password and works once, for one hour")))
        .onFailure(ctx::fail);
  }

  private void confirmReset(RoutingContext ctx) {
    String token = form(ctx, "token");
    String password = form(ctx, "password");
    if (password.length() < MIN_PASSWORD || password.length() > 256) {
      render(ctx, 400, Pages.resetConfirm(Visitors.session(ctx), token,
          "Choose a password of at least " + MIN_PASSWORD + " characters."));
      return;
    }
    hub.confirmReset(token, password)
        .compose(account -> signedInAs(ctx, account))
        .onSuccess(v -> Visitors.redirect(ctx, "/conversations?notice=password"))
        .onFailure(failure -> {
          if (failure instanceof Refusal) {
            render(ctx, 400, Pages.resetConfirm(Visitors.session(ctx), token,
                "This link is invalid, used or expired. Ask for a new one."));
          } else {
            ctx.fail(failure);
          }
        });
  }

  private Future<Void> signedInAs(RoutingContext ctx, PortalAccount account) {
    return visitors.signIn(ctx, account.getAccountId(), account.getEmail(), account.getName()).mapEmpty();
  }

  private Future<Void> mail(String to, String subject, String text) {
    return mailer.send(to, subject, text).recover(failure -> {
      LOG.error("could not send the portal mail '{}'", subject, failure);
      return Future.failedFuture(MAIL_DOWN);
    });
  }

  private String link(String path, String token) {
    return publicUrl + path + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  private void show(RoutingContext ctx, java.util.function.Function<PortalSessions.Session, String> page) {
    visitors.ensure(ctx).onSuccess(session -> render(ctx, 200, page.apply(session))).onFailure(ctx::fail);
  }

  static void render(RoutingContext ctx, int status, String html) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(html);
  }

  static String form(RoutingContext ctx, String name) {
    String value = ctx.request().getFormAttribute(name);
    return value == null ? "" : value;
  }

  private static String token(RoutingContext ctx) {
    String token = ctx.request().getParam("token");
    return token == null || token.length() > 512 ? "" : token;
  }

  private static boolean signedIn(RoutingContext ctx) {
    PortalSessions.Session session = Visitors.session(ctx);
    return session != null && session.signedIn();
  }
}
