package org.crmhub.hub.attachment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.crmhub.connector.AttachmentStore;
import org.crmhub.hub.redis.Redis;

/**
 * The hub's attachments: the content as a blob in the {@link BlobStore}, the rest as a small record
 * in Redis. The blob is written first and the record after it, and a put completes only when both
 * are durable; a crash between them leaves a blob no record names, which is harmless (a sweep may
 * collect it) and is simply found again when the same content is stored once more.
 */
public final class Attachments implements AttachmentStore {

  private static final Pattern ID = Pattern.compile("^at_[A-Za-z0-9_-]{1,64}$");

  private final Vertx vertx;
  private final AttachmentRecords records;
  private final BlobStore blobs;

  public Attachments(Vertx vertx, Redis redis, BlobStore blobs) {
    this.vertx = vertx;
    this.records = new AttachmentRecords(redis);
    this.blobs = blobs;
  }

  public static boolean isId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  @Override
  public Future<Void> put(String id, String contentType, String filename, Buffer content) {
    if (!isId(id)) {
      return Future.failedFuture(new IllegalArgumentException("an attachment id looks like at_…"));
    }
    if (content.length() > MAX_BYTES) {
      return Future.failedFuture(new IllegalArgumentException("an attachment is kept up to " + MAX_BYTES + " bytes"));
    }
    return blobs.put(content).compose(digest -> records.save(id,
        AttachmentMetadata.stored(contentType, filename, content.length(), digest, blobs.name())));
  }

  /**
   * The attachment's record, or null when there is none with this id. One still stored the old way,
   * content in Redis, is moved to the blob store first, so it can be read before the migration
   * reaches it.
   */
  public Future<AttachmentMetadata> find(String id) {
    if (!isId(id)) {
      return Future.succeededFuture();
    }
    return records.fields(id).compose(fields -> moveIfLegacy(id, fields));
  }

  /**
   * Moves the content of a record stored the old way into the blob store: the blob, then the
   * record naming it, then the content dropped from Redis. Each step can be repeated, so a move cut
   * short is finished by the next one.
   *
   * @return the record as it is afterwards; null when the fields are no attachment
   */
  Future<AttachmentMetadata> moveIfLegacy(String id, Map<String, String> fields) {
    String legacyContent = fields.get(AttachmentRecords.LEGACY_CONTENT);
    if (legacyContent == null) {
      return Future.succeededFuture(AttachmentMetadata.of(fields));
    }
    return vertx.executeBlocking(() -> Buffer.buffer(Base64.getDecoder().decode(legacyContent)), false)
        .compose(content -> blobs.put(content).map(digest -> AttachmentMetadata.stored(
            fields.get(AttachmentMetadata.CONTENT_TYPE), fields.get(AttachmentMetadata.FILENAME),
            content.length(), digest, blobs.name())))
        .compose(moved -> records.save(id, moved)
            .compose(saved -> records.dropLegacyContent(id))
            .map(moved));
  }

  /**
   * Forgets an attachment, for erasing a customer's data: its record at once, its content with the
   * next {@link BlobSweep} that finds no other record naming the same blob (the same file attached
   * elsewhere keeps it).
   *
   * @return false when there was no such attachment
   */
  public Future<Boolean> delete(String id) {
    return isId(id) ? records.delete(id) : Future.succeededFuture(false);
  }

  /**
   * @param range the bytes wanted, or null for all
   * @return the content, or null when its blob is missing from the store
   */
  public Future<OpenBlob> open(AttachmentMetadata attachment, ByteRange range) {
    return blobs.open(attachment.sha256(), range);
  }

  /** The whole content in memory, or null when its blob is missing; only for small attachments. */
  public Future<Buffer> readWhole(AttachmentMetadata attachment) {
    return open(attachment, null).compose(blob -> blob == null ? Future.succeededFuture() : blob.readWhole());
  }
}
