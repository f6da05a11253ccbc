package org.crmhub.hub.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.crmhub.hub.testing.TestDirectories;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * s3proxy, an S3-compatible server backed by a temporary directory, on a loopback port for a test
 * class, spoken to by the AWS SDK exactly as MinIO or AWS would be:
 * {@code @RegisterExtension static final S3ProxyServer s3 = new S3ProxyServer();}.
 */
public final class S3ProxyServer implements BeforeAllCallback, AfterAllCallback {

  public static final String BUCKET = "crmhub-blobs";
  public static final String ACCESS_KEY = "test-access-key";
  public static final String SECRET_KEY = "test-secret-key-0123456789";

  private BlobStoreContext backend;
  private S3Proxy server;
  private URI endpoint;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", TestDirectories.create("s3proxy").toString());
    backend = ContextBuilder.newBuilder("filesystem").overrides(properties).build(BlobStoreContext.class);
    backend.getBlobStore().createContainerInLocation(null, BUCKET);
    server = S3Proxy.builder()
        .blobStore(backend.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    server.start();
    assertEquals("STARTED", server.getState());
    endpoint = URI.create("http://127.0.0.1:" + server.getPort());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (server != null) {
      server.stop();
    }
    if (backend != null) {
      backend.close();
    }
  }

  /** The store's settings under {@code prefix}, signing with {@code secret}. */
  S3Settings settings(String prefix, String secret) {
    return new S3Settings(BUCKET, prefix, endpoint, "us-east-1", ACCESS_KEY, secret, true);
  }

  /** Where the S3 API listens, e.g. for a hub process's {@code CRMHUB_S3_ENDPOINT}. */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * Every object under {@code prefix/} (its key without the prefix; one listing, up to a thousand)
   * and when it was last written, asked of the backend past the S3 API.
   */
  public Map<String, Instant> objectsUnder(String prefix) {
    org.jclouds.blobstore.BlobStore store = backend.getBlobStore();
    Map<String, Instant> objects = new TreeMap<>();
    for (StorageMetadata entry : store.list(BUCKET, ListContainerOptions.Builder.prefix(prefix + "/").recursive())) {
      if (entry.getType() == StorageType.BLOB) {
        objects.put(entry.getName().substring(prefix.length() + 1),
            store.blobMetadata(BUCKET, entry.getName()).getLastModified().toInstant());
      }
    }
    return objects;
  }

  /** Asks the backend directly, past the S3 API. */
  boolean objectExists(String key) {
    return backend.getBlobStore().blobExists(BUCKET, key);
  }
}
