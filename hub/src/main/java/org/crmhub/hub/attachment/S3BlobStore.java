package org.crmhub.hub.attachment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Blobs as objects in an S3-compatible bucket (AWS, MinIO, Ceph, s3proxy), under
 * {@code prefix/ab/ab12…}, for several hubs sharing one store. The SDK's client blocks, so every
 * call runs on a worker pool of its own, never on an event loop; downloads are streamed chunk by
 * chunk with back-pressure ({@link InputStreamReadStream}).
 */
public final class S3BlobStore implements BlobStore {

  private static final int WORKERS = 16;
  private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

  private final Vertx vertx;
  private final S3Settings settings;
  private final S3Client client;
  private final WorkerExecutor workers;

  private S3BlobStore(Vertx vertx, S3Settings settings, S3Client client, WorkerExecutor workers) {
    this.vertx = vertx;
    this.settings = settings;
    this.client = client;
    this.workers = workers;
  }

  public static Future<BlobStore> open(Vertx vertx, S3Settings settings) {
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("crmhub-blob-s3", WORKERS);
    return workers.executeBlocking(() -> client(settings), false)
        .<BlobStore>map(client -> new S3BlobStore(vertx, settings, client, workers))
        .onFailure(failure -> workers.close());
  }

  private static S3Client client(S3Settings settings) {
    S3ClientBuilder builder = S3Client.builder()
        .region(Region.of(settings.region()))
        .httpClientBuilder(Apache5HttpClient.builder().maxConnections(WORKERS))
        .forcePathStyle(settings.pathStyle())
        // the SDK's newer default checksums are not understood by every S3-compatible server
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(override -> override.apiCallTimeout(CALL_TIMEOUT));
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    if (settings.accessKeyId() != null) {
      builder.credentialsProvider(StaticCredentialsProvider.create(
          AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey())));
    }
    return builder.build();
  }

  @Override
  public String name() {
    return "s3";
  }

  /**
   * Uploads the content even when an object with its digest exists: a HEAD first would save the
   * upload of a duplicate, but leave the object's last-modified time old, and the sweep's grace
   * period protects a blob whose new record is not written yet only by that time (S3 has no
   * cheap "touch").
   */
  @Override
  public Future<String> put(Buffer content) {
    return workers.executeBlocking(() -> {
      byte[] bytes = content.getBytes();
      String digest = BlobKeys.digestOf(bytes);
      client.putObject(PutObjectRequest.builder()
              .bucket(settings.bucket())
              .key(settings.keyOf(digest))
              .contentLength((long) bytes.length)
              .contentType("application/octet-stream")
              .build(),
          RequestBody.fromContentProvider(ContentStreamProvider.fromByteArrayUnsafe(bytes), bytes.length,
              "application/octet-stream"));
      return digest;
    }, false);
  }

  @Override
  public Future<OpenBlob> open(String digest, ByteRange range) {
    GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(settings.bucket()).key(settings.keyOf(digest));
    if (range != null) {
      request.range("bytes=" + range.start() + "-" + range.end());
    }
    return workers.executeBlocking(() -> {
      try {
        return client.getObject(request.build());
      } catch (NoSuchKeyException missing) {
        return null;
      }
    }, false).map(this::opened);
  }

  /** ListObjectsV2 under the prefix, a page at a time; the cursor is S3's continuation token. */
  @Override
  public Future<BlobPage> list(String cursor, int limit) {
    ListObjectsV2Request request = ListObjectsV2Request.builder()
        .bucket(settings.bucket())
        .prefix(settings.prefix().isEmpty() ? "" : settings.prefix() + "/")
        .maxKeys(limit)
        .continuationToken(cursor)
        .build();
    return workers.executeBlocking(() -> {
      ListObjectsV2Response page = client.listObjectsV2(request);
      List<BlobPage.Stored> blobs = page.contents().stream()
          .filter(object -> isBlob(object.key()))
          .map(object -> new BlobPage.Stored(object.key().substring(object.key().lastIndexOf('/') + 1),
              object.lastModified()))
          .toList();
      return new BlobPage(blobs, Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null);
    }, false);
  }

  /** Other objects under the prefix are not blobs, and never deleted. */
  private boolean isBlob(String key) {
    String last = key.substring(key.lastIndexOf('/') + 1);
    return BlobKeys.isDigest(last) && key.equals(settings.keyOf(last));
  }

  /** S3 answers a delete of a missing key as of one that was there, so this is always true. */
  @Override
  public Future<Boolean> delete(String digest) {
    DeleteObjectRequest request = DeleteObjectRequest.builder().bucket(settings.bucket()).key(settings.keyOf(digest)).build();
    return workers.executeBlocking(() -> {
      client.deleteObject(request);
      return true;
    }, false);
  }

  /** HEAD, then DELETE if the object is old enough: S3 has no conditional delete, so a gap remains. */
  @Override
  public Future<Boolean> deleteIfWrittenBefore(String digest, Instant before) {
    HeadObjectRequest head = HeadObjectRequest.builder().bucket(settings.bucket()).key(settings.keyOf(digest)).build();
    DeleteObjectRequest delete = DeleteObjectRequest.builder().bucket(settings.bucket()).key(settings.keyOf(digest)).build();
    return workers.executeBlocking(() -> {
      try {
        if (!client.headObject(head).lastModified().isBefore(before)) {
          return false;
        }
      } catch (NoSuchKeyException gone) {
        return false;
      }
      client.deleteObject(delete);
      return true;
    }, false);
  }

  private OpenBlob opened(ResponseInputStream<GetObjectResponse> body) {
    if (body == null) {
      return null;
    }
    InputStreamReadStream content = new InputStreamReadStream(vertx.getOrCreateContext(), workers, body);
    return new OpenBlob(content, () -> workers.<Void>executeBlocking(() -> {
      if (!content.readToEnd()) {
        // the rest of a large object is not worth reading just to reuse the connection
        body.abort();
      }
      body.close();
      return null;
    }, false));
  }

  @Override
  public Future<Void> close() {
    return workers.<Void>executeBlocking(() -> {
      client.close();
      return null;
    }, false).eventually(workers::close);
  }
}
