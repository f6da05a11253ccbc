package org.crmhub.hub.ingest;

import io.vertx.core.Future;
import org.crmhub.connector.InboundContact;

/**
 * Turns an accepted contact into a stored message on a customer's conversation. Must be
 * idempotent: an entry is redelivered when a hub dies before acknowledging it.
 */
public interface ContactProcessor {

  Future<Void> process(String contactId, InboundContact contact);
}
