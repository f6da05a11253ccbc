package org.crmhub.connector;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * One inbound message, normalised by its connector. {@code (channel, externalId)} identifies it
 * uniquely: the same pair again is a duplicate.
 *
 * @param threadKey a channel-specific hint that messages belong together (email thread root, X
 *     conversation_id, call sid); null when the channel has none
 * @param metadata channel-specific extras, kept verbatim; never null
 */
public record InboundContact(
    Channel channel,
    String externalId,
    Sender from,
    String subject,
    String text,
    String html,
    String threadKey,
    Instant receivedAt,
    JsonObject metadata) {

  public InboundContact {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(externalId, "externalId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(receivedAt, "receivedAt");
    metadata = metadata == null ? new JsonObject() : metadata.copy();
  }
}
