package org.crmhub.hub.attachment;

import java.net.URI;
import org.crmhub.connector.Environment;

/**
 * Where the S3-compatible blob store is: {@code CRMHUB_BLOB_URL=s3://bucket/prefix} and the
 * {@code CRMHUB_S3_*} variables (see the README).
 *
 * @param prefix key prefix without slashes at either end; empty for the bucket's root
 * @param endpoint null for AWS itself (from the region); e.g. {@code http://minio:9000} otherwise
 * @param accessKeyId null (with the secret) to use the AWS SDK's default credentials (its
 *     environment variables, profile, instance role)
 * @param pathStyle {@code endpoint/bucket/key} addressing, as MinIO, Ceph and s3proxy want
 */
public record S3Settings(String bucket, String prefix, URI endpoint, String region, String accessKeyId,
    String secretAccessKey, boolean pathStyle) {

  @Override
  public String toString() {
    // never the secret in a log line
    return "s3://" + bucket + "/" + prefix + (endpoint == null ? "" : " at " + endpoint);
  }

  /** The key of a blob: the prefix, then the same relative path the files store uses. */
  String keyOf(String digest) {
    return prefix.isEmpty() ? BlobKeys.relativePath(digest) : prefix + "/" + BlobKeys.relativePath(digest);
  }

  static S3Settings fromEnvironment(Environment env, String blobUrl) {
    URI url = URI.create(blobUrl);
    String bucket = url.getHost();
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("CRMHUB_BLOB_URL must name a bucket, as s3://bucket/prefix, got '" + blobUrl + "'");
    }
    String path = url.getPath() == null ? "" : url.getPath();
    String prefix = path.replaceAll("^/+", "").replaceAll("/+$", "");
    String endpointText = env.text("CRMHUB_S3_ENDPOINT");
    URI endpoint = null;
    if (endpointText != null) {
      endpoint = URI.create(endpointText.trim());
      if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
        throw new IllegalArgumentException("CRMHUB_S3_ENDPOINT must be an http:// or https:// URL, got '" + endpointText + "'");
      }
    }
    String accessKeyId = env.text("CRMHUB_S3_ACCESS_KEY_ID");
    String secret = env.text("CRMHUB_S3_SECRET_ACCESS_KEY");
    if ((accessKeyId == null) != (secret == null)) {
      throw new IllegalArgumentException("CRMHUB_S3_ACCESS_KEY_ID and CRMHUB_S3_SECRET_ACCESS_KEY are set together or not at all");
    }
    return new S3Settings(bucket, prefix, endpoint, env.text("CRMHUB_S3_REGION", "us-east-1"), accessKeyId, secret,
        env.flag("CRMHUB_S3_PATH_STYLE", endpoint != null));
  }
}
