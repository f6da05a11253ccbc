package org.crmhub.hub.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.crmhub.hub.testing.TestDirectories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The files store on a temporary directory: content-addressed, deduplicated, never half a file under a blob's name. */
@ExtendWith(VertxExtension.class)
class FileBlobStoreTest {

  private Path root;
  private WorkerExecutor writers;

  @BeforeEach
  void createDirectory(Vertx vertx) throws IOException {
    root = TestDirectories.create("blobs");
    writers = vertx.createSharedWorkerExecutor("file-blob-store-test", 2);
  }

  @AfterEach
  void closeWriters(VertxTestContext test) {
    writers.close().onComplete(test.succeedingThenComplete());
  }

  private FileBlobStore store(Vertx vertx, FileBlobStore.BeforeRename beforeRename) {
    return new FileBlobStore(vertx, root, writers, beforeRename);
  }

  static Buffer sample(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (i * 7 + i / 256);
    }
    return Buffer.buffer(bytes);
  }

  private List<Path> filesUnderRoot() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void contentIsStoredUnderItsDigestOnceAndReadBackWholeOrInPart(Vertx vertx, VertxTestContext test) {
    FileBlobStore store = store(vertx, temporary -> { });
    Buffer content = sample(300_000);
    String expected = BlobKeys.digestOf(content.getBytes());
    store.put(content)
        .compose(first -> store.put(content.copy()).map(second -> List.of(first, second)))
        .compose(digests -> {
          test.verify(() -> {
            assertEquals(List.of(expected, expected), digests);
            assertEquals(List.of(root.resolve(expected.substring(0, 2)).resolve(expected)), filesUnderRoot(),
                "the same bytes stored twice are one file, and no temporary file is left");
          });
          return Future.all(
              store.open(expected, null).compose(OpenBlob::readWhole),
              store.open(expected, new ByteRange(70_000, 65_536 * 2 + 5)).compose(OpenBlob::readWhole),
              store.open(expected, new ByteRange(299_999, 1)).compose(OpenBlob::readWhole));
        })
        .onComplete(test.succeeding(read -> test.verify(() -> {
          assertEquals(content, read.resultAt(0));
          assertEquals(content.slice(70_000, 70_000 + 65_536 * 2 + 5), read.resultAt(1));
          assertEquals(content.slice(299_999, 300_000), read.resultAt(2));
          test.completeNow();
        })));
  }

  @Test
  void anEmptyBlobIsABlobToo(Vertx vertx, VertxTestContext test) {
    FileBlobStore store = store(vertx, temporary -> { });
    store.put(Buffer.buffer())
        .compose(digest -> store.open(digest, null))
        .compose(OpenBlob::readWhole)
        .onComplete(test.succeeding(read -> test.verify(() -> {
          assertEquals(0, read.length());
          test.completeNow();
        })));
  }

  @Test
  void aWriteThatFailsBeforeItsRenameLeavesNothingUnderTheBlobsName(Vertx vertx, VertxTestContext test) {
    Buffer content = Buffer.buffer("the invoice, whole".getBytes(StandardCharsets.UTF_8));
    String digest = BlobKeys.digestOf(content.getBytes());
    Path target = root.resolve(BlobKeys.relativePath(digest));
    FileBlobStore failing = store(vertx, temporary -> {
      // what a crash would see at this moment: the bytes only under the temporary name
      assertTrue(Files.exists(temporary));
      assertFalse(Files.exists(target));
      throw new IOException("disk gone (simulated)");
    });
    failing.put(content)
        .transform(failed -> {
          test.verify(() -> {
            assertTrue(failed.failed(), "the put reports the failure");
            assertFalse(Files.exists(target), "no blob under its final name");
            assertEquals(List.of(), filesUnderRoot(), "the temporary file is removed");
          });
          return failing.open(digest, null);
        })
        .compose(missing -> {
          test.verify(() -> assertNull(missing, "a blob never written is missing, not empty"));
          return store(vertx, temporary -> { }).put(content);
        })
        .compose(written -> store(vertx, temporary -> { }).open(written, null))
        .compose(OpenBlob::readWhole)
        .onComplete(test.succeeding(read -> test.verify(() -> {
          assertEquals(content, read);
          test.completeNow();
        })));
  }

  @Test
  void aTemporaryFileLeftByACrashIsNoBlobAndTheNextWriteCompletesIt(Vertx vertx, VertxTestContext test) throws IOException {
    Buffer content = sample(100_000);
    String digest = BlobKeys.digestOf(content.getBytes());
    Path shard = Files.createDirectories(root.resolve(digest.substring(0, 2)));
    // a hub killed mid-write: the first half under a temporary name
    Files.write(shard.resolve(FileBlobStore.TEMPORARY_PREFIX + digest + "-crashed"), content.getBytes(0, 50_000));
    FileBlobStore store = store(vertx, temporary -> { });
    store.open(digest, null)
        .compose(before -> {
          test.verify(() -> assertNull(before));
          return store.put(content);
        })
        .compose(written -> store.open(written, null))
        .compose(OpenBlob::readWhole)
        .onComplete(test.succeeding(read -> test.verify(() -> {
          assertEquals(content, read);
          test.completeNow();
        })));
  }

  @Test
  void aDigestThatIsNoDigestIsRefused(Vertx vertx) {
    FileBlobStore store = store(vertx, temporary -> { });
    for (String bad : new String[] {"../../etc/passwd", "AB" + "0".repeat(62), "0".repeat(63)}) {
      assertThrows(IllegalArgumentException.class, () -> store.open(bad, null), bad);
    }
  }
}
