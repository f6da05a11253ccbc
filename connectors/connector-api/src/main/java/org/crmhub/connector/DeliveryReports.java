package org.crmhub.connector;

import io.vertx.core.Future;

/**
 * Late news about a reply the connector sent: a retried send that finally went out, or failed
 * for good, or a bounce that came back. The hub updates the reply on its conversation.
 */
public interface DeliveryReports {

  /** Status of an outbound message after {@link Connector#send} returned. */
  enum Status {
    SENT,
    FAILED,
    BOUNCED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** @param detail what staff should read (the provider's reason); null when there is none */
  Future<Void> report(String conversationId, String replyId, Status status, String detail);
}
