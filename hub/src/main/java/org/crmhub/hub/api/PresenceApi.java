package org.crmhub.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.crmhub.hub.auth.Principal;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.events.EventType;
import org.crmhub.hub.presence.PresenceStore;

/**
 * {@code POST /api/v1/conversations/{id}/presence}: "I have this conversation open". Answers who
 * else has; a viewer joining is a {@code presence} event so the others see it at once.
 */
public final class PresenceApi implements ApiOperations {

  private final ConversationStore conversations;
  private final PresenceStore presence;
  private final DomainEvents events;

  public PresenceApi(ConversationStore conversations, PresenceStore presence, DomainEvents events) {
    this.conversations = conversations;
    this.presence = presence;
    this.events = events;
  }

  public void heartbeat(RoutingContext ctx) {
    String id = ContractValidation.validated(ctx).getPathParameters().get("conversationId").getString();
    Principal principal = Authentication.principal(ctx);
    String viewer = principal.username() != null ? principal.username() : principal.actor();
    conversations.find(id)
        .compose(conversation -> conversation == null
            ? Future.failedFuture(ApiProblem.notFound("conversation " + id))
            : presence.heartbeat(id, viewer))
        .compose(viewers -> {
          JsonObject body = new JsonObject()
              .put("conversationId", id)
              .put("viewers", new JsonArray(viewers.names()));
          // the event id names the moment, so each join is a fact of its own
          return viewers.joined()
              ? events.publish(EventType.PRESENCE, id + ":" + viewer + ":" + System.currentTimeMillis(), body)
                  .map(body)
              : Future.succeededFuture(body);
        })
        .onComplete(Responses.answer(ctx, 200));
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "reportPresence", this::heartbeat);
  }
}
