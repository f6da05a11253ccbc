package org.crmhub.hub.attachment;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Where attachment content lives, outside Redis, named by its SHA-256 ({@link BlobKeys}): the same
 * bytes stored twice are kept once, and a blob never changes once written.
 */
public interface BlobStore {

  /** Recorded with each attachment: {@code files} or {@code s3}. */
  String name();

  /**
   * Stores the content unless a blob with its digest is already there.
   *
   * @return the content's SHA-256 (hex), once the blob is durable
   */
  Future<String> put(Buffer content);

  /**
   * @param range the bytes wanted, within the blob's size (the caller knows it from the metadata);
   *     null for all of them
   * @return the blob opened for reading, or null when there is no blob with this digest
   */
  Future<OpenBlob> open(String digest, ByteRange range);

  Future<Void> close();
}
