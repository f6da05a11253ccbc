package org.crmhub.connector;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A reply written by staff that a connector sends out on its channel.
 *
 * @param inReplyTo the externalId of the message answered, so the channel can thread it
 * @param metadata channel-specific extras (subject, references, ...); never null
 */
public record OutboundReply(
    String replyId,
    String conversationId,
    Channel channel,
    Identity to,
    String text,
    String inReplyTo,
    JsonObject metadata) {

  public OutboundReply {
    Objects.requireNonNull(replyId, "replyId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(text, "text");
    metadata = metadata == null ? new JsonObject() : metadata.copy();
  }
}
