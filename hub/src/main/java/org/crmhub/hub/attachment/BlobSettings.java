package org.crmhub.hub.attachment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.crmhub.connector.Environment;

/**
 * Which blob store holds attachment content: files in {@code directory} (the default), or S3 when
 * {@code CRMHUB_BLOB_URL} is an {@code s3://} URL.
 *
 * @param directory the files store's directory
 * @param s3 null for the files store
 */
public record BlobSettings(Path directory, S3Settings s3) {

  public static BlobSettings files(Path directory) {
    return new BlobSettings(directory, null);
  }

  /** @param dataDir {@code CRMHUB_DATA_DIR}; the files store defaults to its {@code attachments} folder */
  public static BlobSettings fromEnvironment(Environment env, Path dataDir) {
    String dir = env.text("CRMHUB_BLOB_DIR");
    Path directory = dir == null ? dataDir.resolve("attachments") : Path.of(dir).toAbsolutePath().normalize();
    String url = env.text("CRMHUB_BLOB_URL");
    if (url == null || url.trim().equals("files")) {
      return files(directory);
    }
    if (!url.trim().startsWith("s3://")) {
      throw new IllegalArgumentException("CRMHUB_BLOB_URL must be s3://bucket/prefix (or unset for files), got '" + url + "'");
    }
    return new BlobSettings(directory, S3Settings.fromEnvironment(env, url.trim()));
  }

  public Future<BlobStore> open(Vertx vertx) {
    return s3 == null ? FileBlobStore.open(vertx, directory) : S3BlobStore.open(vertx, s3);
  }

  /** Where blobs go, for the start-up log. */
  public String describe() {
    return s3 == null ? "files in " + directory : s3.toString();
  }
}
