package org.crmhub.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.crmhub.hub.auth.ApiKeyStore;
import org.crmhub.hub.auth.Principal;
import org.crmhub.hub.auth.Scope;
import org.crmhub.hub.auth.SessionStore;

/**
 * Works out who is calling (API key or staff session cookie) before anything else looks at the
 * request, and checks each operation's scope and, for cookie sessions, the CSRF token.
 */
public final class Authentication {

  public static final String SESSION_COOKIE = "crmhub_session";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  private static final String PRINCIPAL = "crmhub.principal";
  private static final int MAX_CREDENTIAL_LENGTH = 512;

  private final ApiKeyStore apiKeys;
  private final SessionStore sessions;

  public Authentication(ApiKeyStore apiKeys, SessionStore sessions) {
    this.apiKeys = apiKeys;
    this.sessions = sessions;
  }

  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  /** Root handler: sets the principal when credentials are present; a wrong API key is a 401 at once. */
  public Handler<RoutingContext> identify() {
    return ctx -> {
      String authorization = ctx.request().getHeader("Authorization");
      Future<Principal> principal;
      if (authorization != null) {
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)
            || authorization.length() > MAX_CREDENTIAL_LENGTH) {
          ctx.fail(ApiProblem.of(401, "Unauthorized", "use Authorization: Bearer <api key>"));
          return;
        }
        principal = apiKeys.authenticate(authorization.substring(7).trim())
            .compose(found -> found != null
                ? Future.succeededFuture(found)
                : Future.failedFuture(ApiProblem.of(401, "Unauthorized", "unknown or revoked API key")));
      } else {
        Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
        principal = cookie == null || cookie.getValue().length() > MAX_CREDENTIAL_LENGTH
            ? Future.succeededFuture()
            : sessions.find(cookie.getValue());
      }
      principal.onSuccess(found -> {
        if (found != null) {
          ctx.put(PRINCIPAL, found);
        }
        ctx.next();
      }).onFailure(ctx::fail);
    };
  }

  /** Per-operation guard: 401 without credentials, 403 without the scope or the CSRF token. */
  public Handler<RoutingContext> require(Scope scope) {
    return ctx -> {
      Principal principal = principal(ctx);
      if (principal == null) {
        ctx.fail(ApiProblem.of(401, "Unauthorized", "sign in or send an API key"));
      } else if (!principal.scopes().contains(scope)) {
        ctx.fail(ApiProblem.of(403, "Forbidden", "this needs the '" + scope.wireName() + "' scope"));
      } else if (principal.isSession() && changesState(ctx.request().method())
          && !constantTimeEquals(principal.csrfToken(), ctx.request().getHeader(CSRF_HEADER))) {
        ctx.fail(ApiProblem.of(403, "Forbidden", "missing or wrong " + CSRF_HEADER + " header"));
      } else {
        ctx.next();
      }
    };
  }

  private static boolean changesState(HttpMethod method) {
    return !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
  }

  private static boolean constantTimeEquals(String expected, String actual) {
    if (expected == null || actual == null) {
      return false;
    }
    return java.security.MessageDigest.isEqual(
        expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        actual.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
