package org.crmhub.connector;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A reply written by staff that a connector sends out on its channel.
 *
 * @param inReplyTo the externalId of the message answered, so the channel can thread it
 * @param answered the metadata of the message answered, as its connector wrote it (the mailbox it
 *     came to, the tweet it was, the page-scoped sender id); empty when nothing is answered, never null
 * @param metadata extras of the reply itself (its subject); never null
 */
public record OutboundReply(
    String replyId,
    String conversationId,
    Channel channel,
    Identity to,
    String text,
    String inReplyTo,
    JsonObject answered,
    JsonObject metadata) {

  public OutboundReply {
    Objects.requireNonNull(replyId, "replyId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(text, "text");
    answered = answered == null ? new JsonObject() : answered.copy();
    metadata = metadata == null ? new JsonObject() : metadata.copy();
  }
}
