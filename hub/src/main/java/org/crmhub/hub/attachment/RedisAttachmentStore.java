package org.crmhub.hub.attachment;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.crmhub.connector.AttachmentStore;
import org.crmhub.hub.redis.Redis;

/**
 * Attachment content in Redis, one hash per attachment under {@code crm:attachment:<id>} (not tied
 * to a conversation, so merges and moves never touch it), without expiry. The hub's Redis
 * connection speaks strings, so the content is kept base64-encoded.
 */
public final class RedisAttachmentStore implements AttachmentStore {

  private static final Pattern ID = Pattern.compile("^at_[A-Za-z0-9_-]{1,64}$");

  /** A stored attachment. */
  public record Stored(String contentType, String filename, Buffer content) {}

  private final Redis redis;

  public RedisAttachmentStore(Redis redis) {
    this.redis = redis;
  }

  static String key(String id) {
    return "crm:attachment:" + id;
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
    Map<String, String> fields = Map.of(
        "contentType", contentType == null ? "application/octet-stream" : contentType,
        "filename", filename == null ? "attachment" : filename,
        "size", Integer.toString(content.length()),
        "content", Base64.getEncoder().encodeToString(content.getBytes()));
    return redis.call(c -> c.hset(key(id), fields)).mapEmpty();
  }

  /** The attachment, or null when there is none with this id. */
  public Future<Stored> get(String id) {
    if (!isId(id)) {
      return Future.succeededFuture(null);
    }
    return redis.call(c -> c.hgetall(key(id))).map(fields -> fields.isEmpty() || fields.get("content") == null
        ? null
        : new Stored(fields.get("contentType"), fields.get("filename"),
            Buffer.buffer(Base64.getDecoder().decode(fields.get("content")))));
  }
}
