package org.crmhub.connector;

import io.vertx.core.Future;

/**
 * The single door into the hub. A connector acknowledges a message to its source (HTTP 2xx, IMAP
 * \Seen, poll offset) only after the returned future succeeds: by then the contact is durable.
 */
public interface Ingest {

  Future<AcceptedContact> accept(InboundContact contact);
}
