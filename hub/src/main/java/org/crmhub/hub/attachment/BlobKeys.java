package org.crmhub.hub.attachment;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Blobs are named by the SHA-256 of their content, and every store lays them out the same way,
 * {@code <first two hex digits>/<64 hex digits>}: under the files store's directory and under the
 * S3 prefix alike, so copying the directory's files to the bucket under the same relative paths
 * moves a hub from files to S3.
 */
public final class BlobKeys {

  private static final Pattern DIGEST = Pattern.compile("^[0-9a-f]{64}$");

  private BlobKeys() {}

  /** Lower-case hex SHA-256; slow for large content, so callers run it on a worker thread. */
  public static String digestOf(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  public static boolean isDigest(String digest) {
    return digest != null && DIGEST.matcher(digest).matches();
  }

  /** The blob's path relative to the store's root: {@code ab/ab12…}. */
  public static String relativePath(String digest) {
    if (!isDigest(digest)) {
      throw new IllegalArgumentException("not a SHA-256 hex digest: " + digest);
    }
    return digest.substring(0, 2) + "/" + digest;
  }
}
