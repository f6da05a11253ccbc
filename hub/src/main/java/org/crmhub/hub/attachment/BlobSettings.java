package org.crmhub.hub.attachment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import org.crmhub.connector.Environment;

/**
 * Which blob store holds attachment content: files in {@code directory} (the default), or S3 when
 * {@code CRMHUB_BLOB_URL} is an {@code s3://} URL.
 *
 * @param directory the files store's directory
 * @param s3 null for the files store
 * @param sweepEvery how often one of the hubs sweeps blobs no attachment names ({@link BlobSweep}); zero: never
 * @param sweepGrace how old such a blob must be before it is deleted: far longer than a blob's
 *     record can take to follow it
 */
public record BlobSettings(Path directory, S3Settings s3, Duration sweepEvery, Duration sweepGrace) {

  static final Duration SWEEP_EVERY = Duration.ofHours(1);
  static final Duration SWEEP_GRACE = Duration.ofHours(1);
  private static final Duration SHORTEST_GRACE = Duration.ofMinutes(1);

  public BlobSettings {
    if (sweepGrace.compareTo(SHORTEST_GRACE) < 0) {
      throw new IllegalArgumentException("CRMHUB_BLOB_SWEEP_GRACE_SECONDS must be at least " + SHORTEST_GRACE.toSeconds()
          + ": a blob younger than that may be waiting for its record");
    }
  }

  public static BlobSettings files(Path directory) {
    return new BlobSettings(directory, null, SWEEP_EVERY, SWEEP_GRACE);
  }

  /** @param dataDir {@code CRMHUB_DATA_DIR}; the files store defaults to its {@code attachments} folder */
  public static BlobSettings fromEnvironment(Environment env, Path dataDir) {
    String dir = env.text("CRMHUB_BLOB_DIR");
    Path directory = dir == null ? dataDir.resolve("attachments") : Path.of(dir).toAbsolutePath().normalize();
    String url = env.text("CRMHUB_BLOB_URL");
    S3Settings s3 = null;
    if (url != null && !url.trim().equals("files")) {
      if (!url.trim().startsWith("s3://")) {
        throw new IllegalArgumentException("CRMHUB_BLOB_URL must be s3://bucket/prefix (or unset for files), got '" + url + "'");
      }
      s3 = S3Settings.fromEnvironment(env, url.trim());
    }
    return new BlobSettings(directory, s3, env.seconds("CRMHUB_BLOB_SWEEP_EVERY_SECONDS", SWEEP_EVERY),
        env.seconds("CRMHUB_BLOB_SWEEP_GRACE_SECONDS", SWEEP_GRACE));
  }

  public Future<BlobStore> open(Vertx vertx) {
    return s3 == null ? FileBlobStore.open(vertx, directory) : S3BlobStore.open(vertx, s3);
  }

  /** Where blobs go, for the start-up log. */
  public String describe() {
    return s3 == null ? "files in " + directory : s3.toString();
  }
}
