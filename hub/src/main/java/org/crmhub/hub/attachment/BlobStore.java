package org.crmhub.hub.attachment;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;

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

  /**
   * One page of the blobs stored, for the sweep ({@link BlobSweep}).
   *
   * @param cursor null for the first page, else the {@link BlobPage#next} of the page before
   * @param limit at most this many blobs in the page
   */
  Future<BlobPage> list(String cursor, int limit);

  /** @return false when there was no such blob */
  Future<Boolean> delete(String digest);

  /**
   * Deletes the blob only if it was last written before {@code before}, judged at the moment of
   * deleting, not from an earlier listing: a put of the same bytes after the sweep listed the blob
   * renewed its time, and the record about to name it must find it.
   *
   * @return true when the blob was deleted
   */
  Future<Boolean> deleteIfWrittenBefore(String digest, Instant before);

  /**
   * Deletes what a write cut short left behind (not a blob under its name), when older than
   * {@code before}; nothing in stores whose writes cannot be cut short half-way.
   *
   * @return how many leftovers were deleted
   */
  default Future<Long> deleteLeftovers(Instant before) {
    return Future.succeededFuture(0L);
  }

  Future<Void> close();
}
