package org.crmhub.hub.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;
import org.crmhub.hub.api.ApiProblem;
import org.crmhub.hub.conversation.ConversationStore;

/**
 * {@code GET /mail/{conversationId}/{messageId}}: one message's HTML, sanitised, for a sandboxed
 * iframe in the conversation view. Three walls, each enough on its own for scripts: the sanitiser
 * drops scripts, handlers and frames; the policy has no script source and sandboxes the document
 * (an opaque origin without scripts); the iframe that shows it is sandboxed as well. Images from
 * elsewhere (trackers) stay blocked by the policy until the agent asks with {@code ?images=1}.
 */
final class MailView implements Handler<RoutingContext> {

  private static final Pattern ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
  private static final String BLOCKED_IMAGES = "data:";
  private static final String ALLOWED_IMAGES = "data: https: http:";

  private final ConversationStore conversations;

  MailView(ConversationStore conversations) {
    this.conversations = conversations;
  }

  static String policy(boolean showImages) {
    return "default-src 'none'; style-src 'unsafe-inline'; img-src "
        + (showImages ? ALLOWED_IMAGES : BLOCKED_IMAGES)
        + "; sandbox allow-popups allow-popups-to-escape-sandbox; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";
  }

  @Override
  public void handle(RoutingContext ctx) {
    String conversationId = ctx.pathParam("conversationId");
    String messageId = ctx.pathParam("messageId");
    if (!ID.matcher(conversationId).matches() || !ID.matcher(messageId).matches()) {
      ctx.fail(ApiProblem.badRequest("messageId", "not an id"));
      return;
    }
    boolean showImages = "1".equals(ctx.request().getParam("images"));
    conversations.message(conversationId, messageId)
        .compose(message -> message == null || message.getString("html") == null
            ? Future.failedFuture(ApiProblem.notFound("HTML of message " + messageId))
            : Future.succeededFuture(message.getString("html")))
        .onSuccess(html -> ctx.response()
            .putHeader("Content-Type", "text/html; charset=utf-8")
            .putHeader("Content-Security-Policy", policy(showImages))
            .putHeader("X-Frame-Options", "SAMEORIGIN")
            .putHeader("Cache-Control", "private, no-store")
            .end(MailSanitizer.document(html)))
        .onFailure(ctx::fail);
  }
}
