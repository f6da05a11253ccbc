package org.crmhub.hub.attachment;

import io.vertx.core.Future;
import java.util.Map;
import org.crmhub.hub.redis.Redis;

/**
 * The attachments' records in Redis, one hash per attachment under {@code crm:attachment:<id>}
 * (not tied to a conversation, so merges and moves never touch it), without expiry. Records
 * written before blobs existed hold the content itself, base64-encoded, in a {@code content} field
 * ({@link LegacyAttachmentMigration} moves it out).
 */
final class AttachmentRecords {

  static final String KEY_PATTERN = "crm:attachment:*";
  static final String LEGACY_CONTENT = "content";

  private final Redis redis;

  AttachmentRecords(Redis redis) {
    this.redis = redis;
  }

  static String key(String id) {
    return "crm:attachment:" + id;
  }

  /** The id within a key matching {@link #KEY_PATTERN}. */
  static String idOf(String key) {
    return key.substring("crm:attachment:".length());
  }

  Future<Void> save(String id, AttachmentMetadata metadata) {
    return redis.call(c -> c.hset(key(id), metadata.fields())).mapEmpty();
  }

  /** Every field of the record, empty when there is none. */
  Future<Map<String, String>> fields(String id) {
    return redis.call(c -> c.hgetall(key(id)));
  }

  /** The digest of the blob the record names; null when there is none (no record, or the content still in Redis). */
  Future<String> digest(String id) {
    return redis.call(c -> c.hget(key(id), AttachmentMetadata.SHA256));
  }

  /** Forgets the attachment; its blob stays until a sweep finds no other record naming it. */
  Future<Boolean> delete(String id) {
    return redis.call(c -> c.del(key(id))).map(deleted -> deleted > 0);
  }

  /** Drops the old inline content once the record names its blob (the record was saved first). */
  Future<Void> dropLegacyContent(String id) {
    return redis.call(c -> c.hdel(key(id), LEGACY_CONTENT)).mapEmpty();
  }
}
