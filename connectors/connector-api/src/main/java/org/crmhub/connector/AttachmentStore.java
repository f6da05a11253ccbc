package org.crmhub.connector;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Where connectors keep the content of attachments (mail attachments, inline images), so staff
 * can download them through the hub's API. Content is stored under an id the connector chooses;
 * the same id with the same content again changes nothing, so a re-read message is harmless.
 */
public interface AttachmentStore {

  /** Largest content the hub keeps for one attachment; connectors keep their own limits below it. */
  long MAX_BYTES = 32L * 1024 * 1024;

  /** @return fails when the content is over {@link #MAX_BYTES} or the id is not a plain id */
  Future<Void> put(String id, String contentType, String filename, Buffer content);
}
