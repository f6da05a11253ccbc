package org.crmhub.portal;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import org.crmhub.portal.PortalSessions.Session;

/** Who is visiting: their session from the cookie, the CSRF check on forms, the sign-in gate. */
final class Visitors {

  static final String COOKIE = "portal_session";
  private static final String SESSION = "portal.session";

  private final PortalSessions sessions;
  private final boolean secureCookies;

  Visitors(PortalSessions sessions, boolean secureCookies) {
    this.sessions = sessions;
    this.secureCookies = secureCookies;
  }

  /** Root handler: loads the session named by the cookie, if any. */
  void load(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    sessions.find(cookie == null ? null : cookie.getValue())
        .onSuccess(session -> {
          if (session != null) {
            ctx.put(SESSION, session);
          }
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  static Session session(RoutingContext ctx) {
    return ctx.get(SESSION);
  }

  /** The visitor's session, made (anonymous) when they have none, so forms can carry a CSRF token. */
  Future<Session> ensure(RoutingContext ctx) {
    Session current = session(ctx);
    if (current != null) {
      return Future.succeededFuture(current);
    }
    return sessions.createAnonymous().onSuccess(created -> use(ctx, created));
  }

  /** Sign-in: a new session (new id) replaces whatever the browser had. */
  Future<Session> signIn(RoutingContext ctx, String accountId, String email, String name) {
    return sessions.signIn(session(ctx), accountId, email, name).onSuccess(created -> use(ctx, created));
  }

  Future<Void> signOut(RoutingContext ctx) {
    Session current = session(ctx);
    ctx.response().addCookie(cookie("").setMaxAge(0));
    return current == null ? Future.succeededFuture() : sessions.delete(current.id());
  }

  private void use(RoutingContext ctx, Session session) {
    ctx.put(SESSION, session);
    ctx.response().addCookie(cookie(session.id()));
  }

  private Cookie cookie(String value) {
    return Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.LAX)
        .setSecure(secureCookies);
  }

  /** Form handler guard: a session and its CSRF token, compared in constant time; else 403. */
  static void checkCsrf(RoutingContext ctx) {
    Session session = session(ctx);
    if (session == null || !session.csrfMatches(ctx.request().getFormAttribute("csrf"))) {
      ctx.fail(PortalProblem.forbidden());
      return;
    }
    ctx.next();
  }

  /** Pages for signed-in customers: others are sent to sign in (forms get 403). */
  static void requireSignIn(RoutingContext ctx) {
    Session session = session(ctx);
    if (session != null && session.signedIn()) {
      ctx.next();
    } else if (ctx.request().method() == io.vertx.core.http.HttpMethod.GET) {
      redirect(ctx, "/sign-in");
    } else {
      ctx.fail(PortalProblem.forbidden());
    }
  }

  static void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).end();
  }

  static String clientAddress(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
  }
}
