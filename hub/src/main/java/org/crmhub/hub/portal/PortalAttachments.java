package org.crmhub.hub.portal;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;
import org.crmhub.hub.Ids;
import org.crmhub.hub.api.ApiProblem;
import org.crmhub.hub.attachment.AttachmentMetadata;
import org.crmhub.hub.attachment.AttachmentNames;
import org.crmhub.hub.attachment.Attachments;
import org.crmhub.hub.redis.Redis;

/**
 * Files customers attach to portal requests: at most {@value #MAX_BYTES} bytes of PNG, JPEG, PDF
 * or UTF-8 text, where the bytes must match the declared type (no HTML or script posing as an
 * image). The content goes to the hub's attachment store (so staff download it like any other
 * attachment); which conversation it belongs to is kept beside it, for the customer's access check.
 */
final class PortalAttachments {

  static final int MAX_BYTES = 256 * 1024;

  private final Redis redis;
  private final Attachments store;

  PortalAttachments(Redis redis, Attachments store) {
    this.redis = redis;
    this.store = store;
  }

  private static String ownerKey(String id) {
    return PortalKeys.attachmentOwner(id);
  }

  /** Checks an upload; @return its stored description (without the data) */
  static JsonObject check(JsonObject upload) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(upload.getString("data"));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("/attachment/data", "is not base64");
    }
    if (bytes.length > MAX_BYTES) {
      throw ApiProblem.of(413, "Content too large", "attachments may be at most 256 KiB");
    }
    String type = upload.getString("contentType");
    if (!matches(type, bytes)) {
      throw ApiProblem.badRequest("/attachment/contentType", "the file's content is not " + type);
    }
    return new JsonObject()
        .put("id", Ids.next("at"))
        // the extension follows the checked type: a PNG named invoice.html is saved as invoice.png
        .put("filename", AttachmentNames.forType(safeName(upload.getString("filename")), type))
        .put("contentType", type)
        .put("size", bytes.length);
  }

  Future<Void> store(JsonObject description, String conversationId, String data) {
    String id = description.getString("id");
    return store.put(id, description.getString("contentType"), description.getString("filename"),
            Buffer.buffer(Base64.getDecoder().decode(data)))
        .compose(v -> redis.call(c -> c.set(ownerKey(id), conversationId)))
        .mapEmpty();
  }

  /** @return the attachment's record, or null unless it was attached to this conversation */
  Future<AttachmentMetadata> find(String id, String conversationId) {
    return redis.call(c -> c.get(ownerKey(id))).compose(owner -> conversationId.equals(owner)
        ? store.find(id)
        : Future.succeededFuture(null));
  }

  private static boolean matches(String type, byte[] bytes) {
    return switch (type) {
      case "image/png" -> startsWith(bytes, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
      case "image/jpeg" -> startsWith(bytes, 0xFF, 0xD8, 0xFF);
      case "application/pdf" -> startsWith(bytes, '%', 'P', 'D', 'F', '-');
      case "text/plain" -> isUtf8Text(bytes);
      default -> false;
    };
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isUtf8Text(byte[] bytes) {
    try {
      String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      return text.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t');
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** The last path segment, without control characters or quotes, never empty. */
  static String safeName(String filename) {
    String name = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1)
        .replaceAll("[\\p{Cntrl}\"<>]", "").strip();
    return name.isEmpty() ? "attachment" : name;
  }
}
