package org.crmhub.hub.attachment;

import java.util.Map;

/**
 * What Redis keeps of an attachment: everything but its content, which is the blob named by
 * {@code sha256} in the blob store.
 *
 * @param store where the blob was written ({@code files} or {@code s3}); reads use the store the
 *     hub is configured with, which holds the same keys after a move (see the README)
 */
public record AttachmentMetadata(String contentType, String filename, long size, String sha256, String store) {

  static final String CONTENT_TYPE = "contentType";
  static final String FILENAME = "filename";
  static final String SIZE = "size";
  static final String SHA256 = "sha256";
  static final String STORE = "store";

  /** The record of a blob; a missing type or name gets the neutral one every download falls back on. */
  static AttachmentMetadata stored(String contentType, String filename, long size, String sha256, String store) {
    return new AttachmentMetadata(contentType == null ? "application/octet-stream" : contentType,
        filename == null ? "attachment" : filename, size, sha256, store);
  }

  Map<String, String> fields() {
    return Map.of(CONTENT_TYPE, contentType, FILENAME, filename, SIZE, Long.toString(size), SHA256, sha256,
        STORE, store);
  }

  /** @return null unless the fields name a blob (an attachment stored the old way has its content instead) */
  static AttachmentMetadata of(Map<String, String> fields) {
    String digest = fields.get(SHA256);
    if (!BlobKeys.isDigest(digest)) {
      return null;
    }
    return stored(fields.get(CONTENT_TYPE), fields.get(FILENAME), Long.parseLong(fields.getOrDefault(SIZE, "0")),
        digest, fields.getOrDefault(STORE, ""));
  }
}
