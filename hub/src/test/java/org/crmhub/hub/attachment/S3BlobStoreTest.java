package org.crmhub.hub.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 store against a real S3 API: s3proxy, an S3-compatible server backed by a temporary
 * directory, on a loopback port, spoken to by the AWS SDK exactly as MinIO or AWS would be.
 */
@ExtendWith(VertxExtension.class)
class S3BlobStoreTest {

  private static final String BUCKET = "crmhub-blobs";
  private static final String ACCESS_KEY = "test-access-key";
  private static final String SECRET_KEY = "test-secret-key-0123456789";

  private static BlobStoreContext backend;
  private static S3Proxy server;
  private static URI endpoint;

  @BeforeAll
  static void startServer() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", Files.createTempDirectory("s3proxy").toString());
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

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (backend != null) {
      backend.close();
    }
  }

  private static Future<BlobStore> store(Vertx vertx, String secret) {
    return S3BlobStore.open(vertx, new S3Settings(BUCKET, "hub/attachments", endpoint, "us-east-1", ACCESS_KEY, secret, true));
  }

  private static boolean objectExists(String key) {
    return backend.getBlobStore().blobExists(BUCKET, key);
  }

  @Test
  void contentIsUploadedOnceUnderItsDigestAndDownloadedWholeOrInPart(Vertx vertx, VertxTestContext test) {
    Buffer content = FileBlobStoreTest.sample(1_500_000);
    String digest = BlobKeys.digestOf(content.getBytes());
    String key = "hub/attachments/" + digest.substring(0, 2) + "/" + digest;
    store(vertx, SECRET_KEY).compose(store -> store.put(content)
            .compose(first -> store.put(content).map(second -> List.of(first, second)))
            .compose(digests -> {
              test.verify(() -> {
                assertEquals(List.of(digest, digest), digests);
                assertTrue(objectExists(key), "the object is keyed prefix/ab/<digest>, as the files store lays it out");
              });
              return Future.all(
                  store.open(digest, null).compose(OpenBlob::readWhole),
                  store.open(digest, new ByteRange(100_000, 70_000)).compose(OpenBlob::readWhole),
                  store.open(digest, new ByteRange(1_499_990, 10)).compose(OpenBlob::readWhole));
            })
            .eventually(store::close))
        .onComplete(test.succeeding(read -> test.verify(() -> {
          assertEquals(content, read.resultAt(0));
          assertEquals(content.slice(100_000, 170_000), read.resultAt(1));
          assertEquals(content.slice(1_499_990, 1_500_000), read.resultAt(2));
          test.completeNow();
        })));
  }

  @Test
  void aMissingObjectIsMissingNotAFailure(Vertx vertx, VertxTestContext test) {
    store(vertx, SECRET_KEY).compose(store -> store.open("0".repeat(64), null)
            .compose(missing -> store.open("f".repeat(64), new ByteRange(0, 10)).map(alsoMissing -> {
              test.verify(() -> {
                assertNull(missing);
                assertNull(alsoMissing);
              });
              return null;
            }))
            .eventually(store::close))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void wrongCredentialsFailEveryCallAndStoreNothing(Vertx vertx, VertxTestContext test) {
    Buffer content = Buffer.buffer("refused with the wrong secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String digest = BlobKeys.digestOf(content.getBytes());
    store(vertx, "not-the-secret").compose(store -> store.put(content)
            .transform(put -> store.open(digest, null).transform(open -> {
              test.verify(() -> {
                assertTrue(put.failed(), "the upload is refused");
                assertEquals(403, ((S3Exception) put.cause()).statusCode(), put.cause().toString());
                assertTrue(open.failed(), "the download is refused, not taken for a missing blob");
                assertFalse(objectExists("hub/attachments/" + digest.substring(0, 2) + "/" + digest));
              });
              return Future.<Void>succeededFuture();
            }))
            .eventually(store::close))
        .onComplete(test.succeedingThenComplete());
  }
}
