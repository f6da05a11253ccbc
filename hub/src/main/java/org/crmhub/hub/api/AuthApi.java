package org.crmhub.hub.api;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.crmhub.hub.auth.LoginRateLimiter;
import org.crmhub.hub.auth.Principal;
import org.crmhub.hub.auth.SessionStore;
import org.crmhub.hub.auth.StaffStore;

/** Staff sign-in with a session cookie; failed attempts are rate-limited. */
public final class AuthApi {

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
    limiter.waitBeforeAttempt(address, username)
        .compose(wait -> wait > 0
            ? Future.failedFuture(ApiProblem.tooManyRequests(wait))
            : staff.verify(username, body.getString("password")))
        .compose(role -> role == null
            ? limiter.recordFailure(address, username)
                .compose(v -> Future.failedFuture(ApiProblem.of(401, "Unauthorized", "wrong username or password")))
            : sessions.create(username, role))
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
}
