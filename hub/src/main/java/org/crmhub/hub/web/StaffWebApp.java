package org.crmhub.hub.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.crmhub.hub.api.Authentication;
import org.crmhub.hub.auth.Principal;
import org.crmhub.hub.auth.Scope;
import org.crmhub.hub.conversation.ConversationStore;

/**
 * The staff inbox web app: static pages and ES modules from the classpath ({@code webapp/}),
 * served under a strict Content-Security-Policy, and HTML mail rendered on a route of its own.
 * The pages hold no data; everything comes from the REST API with the session cookie.
 */
public final class StaffWebApp {

  /** Scripts and styles only from the hub itself; no inline code, no framing, no form posts elsewhere. */
  static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self'; "
      + "frame-ancestors 'none'; base-uri 'none'";

  private static final String ROOT = "webapp";

  private final Authentication authentication;
  private final MailView mailView;

  public StaffWebApp(Authentication authentication, ConversationStore conversations) {
    this.authentication = authentication;
    this.mailView = new MailView(conversations);
  }

  /** Mounts the pages; call before the API sub-router so {@code /} is not taken as an unknown API path. */
  public void mount(Router root) {
    // the server knows the session: no page loads only to learn (with a logged 401) that it is elsewhere
    root.get("/").handler(authentication.identify()).handler(whenSignedIn(page("index.html"), redirect("/login")));
    root.get("/login").handler(authentication.identify()).handler(whenSignedIn(redirect("/"), page("login.html")));
    root.get("/favicon.ico").handler(redirect("/assets/favicon.svg"));
    root.route("/assets/*")
        .handler(StaffWebApp::pagePolicy)
        .handler(StaticHandler.create(ROOT + "/assets")
            .setDirectoryListing(false)
            .setIncludeHidden(false)
            .setDefaultContentEncoding("UTF-8")
            .setMaxAgeSeconds(60));
    // HTML mail: authenticated like the API, answered with a policy of its own (see MailView)
    root.get("/mail/:conversationId/:messageId")
        .handler(authentication.identify())
        .handler(authentication.require(Scope.READ))
        .handler(mailView);
  }

  private static Handler<RoutingContext> whenSignedIn(Handler<RoutingContext> signedIn, Handler<RoutingContext> otherwise) {
    return ctx -> {
      Principal principal = Authentication.principal(ctx);
      (principal != null && principal.isSession() ? signedIn : otherwise).handle(ctx);
    };
  }

  private static Handler<RoutingContext> redirect(String location) {
    return ctx -> ctx.response().setStatusCode(302).putHeader("Location", location)
        .putHeader("Cache-Control", "no-store").end();
  }

  private static Handler<RoutingContext> page(String file) {
    return ctx -> {
      pagePolicy(ctx.response());
      ctx.response()
          .putHeader("Content-Type", "text/html; charset=utf-8")
          .putHeader("Cache-Control", "no-cache")
          .sendFile(ROOT + "/" + file)
          .onFailure(ctx::fail);
    };
  }

  private static void pagePolicy(RoutingContext ctx) {
    pagePolicy(ctx.response());
    ctx.next();
  }

  private static void pagePolicy(io.vertx.core.http.HttpServerResponse response) {
    response.putHeader("Content-Security-Policy", PAGE_POLICY)
        .putHeader("X-Frame-Options", "DENY");
  }
}
