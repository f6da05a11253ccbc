package org.crmhub.portal;

import static org.crmhub.portal.AccountPages.render;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;
import org.crmhub.portal.HubGateway.Refusal;
import org.crmhub.portal.PortalSessions.Session;

/** The signed-in customer searches their own messages (the hub keeps it to theirs). */
final class SearchPages {

  private static final int MAX_QUERY = 500;
  private static final Pattern CURSOR = Pattern.compile("^[A-Za-z0-9_-]{1,200}$");
  private static final String NOTHING_TO_LOOK_FOR = "Type at least one word to look for.";

  private final HubGateway hub;

  SearchPages(HubGateway hub) {
    this.hub = hub;
  }

  void mount(Router router) {
    router.get("/search").handler(Visitors::requireSignIn).handler(this::search);
  }

  private void search(RoutingContext ctx) {
    Session session = Visitors.session(ctx);
    String q = ctx.request().getParam("q", "").strip();
    String cursor = ctx.request().getParam("cursor");
    if (q.isEmpty()) {
      render(ctx, 200, Pages.search(session, "", null, null, null));
      return;
    }
    if (q.length() > MAX_QUERY) {
      render(ctx, 400, Pages.search(session, q, null, null, "Use at most " + MAX_QUERY + " characters."));
      return;
    }
    if (cursor != null && !CURSOR.matcher(cursor).matches()) {
      ctx.fail(PortalProblem.notFound());
      return;
    }
    hub.search(session.accountId(), q, cursor)
        .onSuccess(page -> render(ctx, 200, Pages.search(session, q, page.getItems(), page.getNextCursor(), null)))
        .onFailure(failure -> {
          // the hub refuses a query with nothing to look for (only punctuation or exclusions) or a forged cursor
          if (failure instanceof Refusal refusal && refusal.status() == 400) {
            render(ctx, 400, Pages.search(session, q, null, null, NOTHING_TO_LOOK_FOR));
          } else {
            ctx.fail(failure);
          }
        });
  }
}
