package org.crmhub.hub.reply;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.crmhub.connector.DeliveryReports;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.events.EventType;

/**
 * Applies a connector's late delivery news to the reply on its conversation and tells everyone:
 * {@code message.sent} when a retried send went out, {@code message.failed} when it failed for good
 * or bounced. A report about a message the hub does not know is ignored.
 */
public final class ReplyDeliveryReports implements DeliveryReports {

  private final ConversationStore conversations;
  private final DomainEvents events;

  public ReplyDeliveryReports(ConversationStore conversations, DomainEvents events) {
    this.conversations = conversations;
    this.events = events;
  }

  @Override
  public Future<Void> report(String conversationId, String replyId, Status status, String detail) {
    return conversations.message(conversationId, replyId).compose(message -> {
      if (message == null || !"outbound".equals(message.getString("direction"))) {
        return Future.succeededFuture();
      }
      message.put("status", status.wireName());
      if (detail != null) {
        message.put(status == Status.SENT ? "providerId" : "error", detail);
      }
      EventType type = status == Status.SENT ? EventType.MESSAGE_SENT : EventType.MESSAGE_FAILED;
      return conversations.updateMessage(conversationId, message)
          .compose(v -> conversations.find(conversationId))
          .compose(conversation -> events.publish(type, replyId + ":" + status.wireName(), new JsonObject()
              .put("conversationId", conversationId)
              .put("customerId", conversation == null ? null : conversation.customerId())
              .put("message", message)))
          .mapEmpty();
    });
  }
}
