package org.crmhub.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.crmhub.hub.auth.LoginRateLimiter;
import org.crmhub.hub.auth.Principal;
import org.crmhub.hub.auth.SessionStore;
import org.crmhub.hub.auth.StaffStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Staff sign-in with a session cookie; attempts are counted first and rate-limited ({@link LoginRateLimiter}). */
public final class AuthApi implements ApiOperations {

  private static final Logger LOG = LoggerFactory.getLogger(AuthApi.class);

  private final StaffStore staff;
  private final SessionStore sessions;
  private final LoginRateLimiter limiter;
  private final boolean secureCookies;

  public AuthApi(StaffStore staff, SessionStore sessions, LoginRateLimiter limiter, boolean secureCookies) {
    this.staff = staff;
    this.sessions = sessions;
    this.limiter = limiter;
    this.secureCookies = secureCookies;
  }

  public void login(RoutingContext ctx) {
    JsonObject body = ContractValidation.validated(ctx).getBody().getJsonObject();
    String username = body.getString("username");
    String address = ctx.request().remoteAddress().hostAddress();
    String account = "staff:" + username;
    limiter.begin(account, address)
        .compose(attempt -> {
          if (attempt.guessed()) {
            // the staff user hears of it through the log (and whoever watches it)
            LOG.warn("sign-in to staff user {} is being guessed: the attempts from {} are used up for this window",
                username, address);
          }
          return attempt.allowed()
              ? staff.verify(username, body.getString("password"))
              : Future.failedFuture(ApiProblem.tooManyRequests(attempt.waitSeconds()));
        })
        .compose(role -> role == null
            ? Future.failedFuture(ApiProblem.of(401, "Unauthorized", "wrong username or password"))
            : limiter.succeeded(account, address).compose(v -> sessions.create(username, role)))
        .onSuccess(principal -> {
          ctx.response().addCookie(sessionCookie(principal.sessionId(), SessionStore.LIFETIME.toSeconds()));
          Responses.json(ctx, 200, session(principal));
        })
        .onFailure(ctx::fail);
  }

  public void logout(RoutingContext ctx) {
    Principal principal = Authentication.principal(ctx);
    Future<Void> ended = principal.isSession() ? sessions.delete(principal.sessionId()) : Future.succeededFuture();
    ended.onSuccess(v -> {
      ctx.response().addCookie(sessionCookie("", 0));
      ctx.response().setStatusCode(204).end();
    }).onFailure(ctx::fail);
  }

  public void session(RoutingContext ctx) {
    Principal principal = Authentication.principal(ctx);
    if (!principal.isSession()) {
      ctx.fail(ApiProblem.of(403, "Forbidden", "this is for staff sessions, not API keys"));
      return;
    }
    Responses.json(ctx, 200, session(principal));
  }

  private Cookie sessionCookie(String value, long maxAgeSeconds) {
    return Cookie.cookie(Authentication.SESSION_COOKIE, value)
        .setPath("/")
        .setHttpOnly(true)
        .setSecure(secureCookies)
        .setSameSite(CookieSameSite.LAX)
        .setMaxAge(maxAgeSeconds);
  }

  private static JsonObject session(Principal principal) {
    return new JsonObject()
        .put("username", principal.username())
        .put("role", principal.role().wireName())
        .put("csrfToken", principal.csrfToken());
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "login", this::login,
        "logout", this::logout,
        "getSession", this::session);
  }
}
