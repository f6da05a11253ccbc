package org.crmhub.hub.reply;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.crmhub.connector.Channel;
import org.crmhub.connector.Connector;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityType;
import org.crmhub.connector.OutboundReply;
import org.crmhub.hub.Ids;
import org.crmhub.hub.JsonFields;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.conversation.InboxIndex;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.events.EventType;
import org.crmhub.hub.failure.Conflict;
import org.crmhub.hub.failure.NotFound;

/**
 * Sends a staff reply out on the conversation's channel (or the one the agent picked), through
 * the connector for that channel, and records it on the conversation as an outbound message
 * whose status says whether the channel took it.
 */
public final class ReplyService {

  private final ConversationStore conversations;
  private final CustomerStore customers;
  private final InboxIndex inbox;
  private final DomainEvents events;
  private final List<Connector> connectors;

  /** Metadata flag of a reply that a stand-in sender (demo mode) kept but sent nowhere. */
  public static final String RECORDED_ONLY = "recordedOnly";

  /** How far back to look for the message a reply answers. */
  private static final int RECENT_MESSAGES = 50;

  /** @param connectors asked at each reply which channels they send on (they start after wiring) */
  public ReplyService(ConversationStore conversations, CustomerStore customers, InboxIndex inbox,
      DomainEvents events, List<Connector> connectors) {
    this.conversations = conversations;
    this.customers = customers;
    this.inbox = inbox;
    this.events = events;
    this.connectors = List.copyOf(connectors);
  }

  /** @param requested the channel the agent chose, or null for the conversation's own */
  public Future<JsonObject> reply(String conversationId, String text, Channel requested, String actor) {
    return conversations.find(conversationId).compose(conversation -> {
      if (conversation == null) {
        return Future.failedFuture(new NotFound("conversation " + conversationId));
      }
      String customerId = conversation.customerId();
      if (customerId == null) {
        return Future.failedFuture(new Conflict("this conversation has no customer to answer"));
      }
      Channel channel = requested != null ? requested : replyChannelFor(Channel.fromWireName(conversation.channel()));
      Connector connector = connectors.stream().filter(c -> c.channels().contains(channel)).findFirst().orElse(null);
      if (connector == null) {
        return Future.failedFuture(new Conflict(
            "no " + channel.wireName() + " channel is configured on this hub"));
      }
      IdentityType needed = identityFor(channel);
      return customers.identities(customerId).compose(identities -> {
        Identity to = identities.keySet().stream().sorted().map(Identity::parse)
            .filter(identity -> identity.type() == needed).findFirst().orElse(null);
        if (to == null) {
          return Future.failedFuture(new Conflict(
              "the customer has no " + needed.wireName() + " to send a " + channel.wireName() + " to"));
        }
        JsonObject message = new JsonObject()
            .put("id", Ids.next("rp"))
            .put("direction", "outbound")
            .put("channel", channel.wireName())
            .put("to", to.key())
            .put("text", text)
            .put("sentBy", actor)
            .put("status", "sending")
            .put("receivedAt", Instant.now().toString());
        if (connector.recordsOnly()) {
          message.put("metadata", new JsonObject().put(RECORDED_ONLY, true));
        }
        return conversations.addMessage(conversationId, message, preview(text), "outbound", 0, false)
            .compose(added -> inbox.index(added.conversation(), null))
            .compose(v -> lastInbound(conversationId, channel))
            .compose(answered -> connector.send(new OutboundReply(message.getString("id"), conversationId, channel, to,
                text, answered == null ? null : answered.getString("externalId"),
                answered == null ? null : answered.getJsonObject("metadata"),
                new JsonObject().put("subject", conversation.subject()))))
            .compose(providerId -> rememberThread(channel, providerId, conversationId)
                // a channel without ids of its own (the portal) leaves providerId absent, not null
                .map(v -> JsonFields.putIfPresent(message.put("status", "sent"), "providerId", providerId)))
            .otherwise(failure -> message.put("status", "failed").put("error", String.valueOf(failure.getMessage())))
            .compose(done -> conversations.updateMessage(conversationId, done))
            .compose(v -> "sent".equals(message.getString("status"))
                ? events.publish(EventType.MESSAGE_SENT, message.getString("id"), outcome(conversationId,
                    customerId, message))
                // the channel refused it (after its own retries): receivers learn it as they would a bounce
                : events.publish(EventType.MESSAGE_FAILED, message.getString("id") + ":failed",
                    outcome(conversationId, customerId, message)))
            .map(message);
      });
    });
  }

  private static JsonObject outcome(String conversationId, String customerId, JsonObject message) {
    return new JsonObject().put("conversationId", conversationId).put("customerId", customerId).put("message", message);
  }

  /** The newest inbound message on the channel the reply goes out on: the one being answered. */
  private Future<JsonObject> lastInbound(String conversationId, Channel channel) {
    return conversations.latestMessages(conversationId, RECENT_MESSAGES)
        .map(recent -> recent.stream()
            .filter(m -> "inbound".equals(m.getString("direction")))
            .filter(m -> channel.wireName().equals(m.getString("channel")))
            .findFirst().orElse(null));
  }

  /**
   * The channel's id of the sent reply becomes a thread key of the conversation, so the
   * customer's answer to it (an email In-Reply-To, an X reply) lands in the same conversation.
   */
  private Future<Void> rememberThread(Channel channel, String providerId, String conversationId) {
    return providerId == null || providerId.isBlank()
        ? Future.succeededFuture()
        // the reply went out whatever happens here: a lost thread key only costs a later match
        : conversations.claimThread(channel.wireName(), providerId, conversationId).<Void>mapEmpty().otherwiseEmpty();
  }

  /** Calls are answered by SMS; everything else on its own channel. */
  private static Channel replyChannelFor(Channel conversationChannel) {
    return conversationChannel == Channel.PHONE ? Channel.SMS : conversationChannel;
  }

  private static IdentityType identityFor(Channel channel) {
    return switch (channel) {
      case SMS, PHONE -> IdentityType.PHONE;
      case EMAIL -> IdentityType.EMAIL;
      case X -> IdentityType.X;
      case MESSENGER, INSTAGRAM -> IdentityType.META;
      case PORTAL, API -> IdentityType.PORTAL;
    };
  }

  private static String preview(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() <= 140 ? line : line.substring(0, 139) + "…";
  }
}
