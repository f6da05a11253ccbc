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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The S3 store against a real S3 API ({@link S3ProxyServer}). */
@ExtendWith(VertxExtension.class)
class S3BlobStoreTest {

  @RegisterExtension
  static final S3ProxyServer s3 = new S3ProxyServer();

  private static Future<BlobStore> store(Vertx vertx, String secret) {
    return S3BlobStore.open(vertx, s3.settings("hub/attachments", secret));
  }

  private static boolean objectExists(String key) {
    return s3.objectExists(key);
  }

  @Test
  void contentIsUploadedOnceUnderItsDigestAndDownloadedWholeOrInPart(Vertx vertx, VertxTestContext test) {
    Buffer content = FileBlobStoreTest.sample(1_500_000);
    String digest = BlobKeys.digestOf(content.getBytes());
    String key = "hub/attachments/" + digest.substring(0, 2) + "/" + digest;
    store(vertx, S3ProxyServer.SECRET_KEY).compose(store -> store.put(content)
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
    store(vertx, S3ProxyServer.SECRET_KEY).compose(store -> store.open("0".repeat(64), null)
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
