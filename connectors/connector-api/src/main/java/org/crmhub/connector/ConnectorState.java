package org.crmhub.connector;

import io.vertx.core.Future;

/**
 * A connector's durable offsets (IMAP UIDVALIDITY/UID, X since_id, paging tokens), kept by the
 * hub so a restart, or another hub taking over, resumes where the last one left off. Save an
 * offset only after {@link Ingest#accept} has completed for everything before it.
 */
public interface ConnectorState {

  /** The stored value, or null. */
  Future<String> get(String key);

  Future<Void> put(String key, String value);

  /**
   * Stores the value unless the key has one already; returns the value stored in the end, so hubs
   * starting at once agree on one (a generated secret, say).
   */
  Future<String> putIfAbsent(String key, String value);
}
