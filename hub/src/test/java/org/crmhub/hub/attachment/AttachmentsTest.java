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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.RedisPerClass;
import org.crmhub.hub.testing.TestDirectories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Attachments as a record in Redis and a blob in the files store; records of the old kind moved out of Redis. */
@ExtendWith(VertxExtension.class)
class AttachmentsTest {

  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();

  private Redis redis;
  private BlobStore blobs;
  private Path root;
  private Attachments attachments;

  private OpenAttachments opened;

  @BeforeEach
  void open(Vertx vertx, VertxTestContext test) throws IOException {
    root = TestDirectories.create("attachments");
    OpenAttachments.open(vertx, server.url(), () -> FileBlobStore.open(vertx, root))
        .onComplete(test.succeeding(open -> {
          opened = open;
          redis = open.redis();
          blobs = open.blobs();
          attachments = open.attachments();
          test.completeNow();
        }));
  }

  @AfterEach
  void close(VertxTestContext test) {
    opened.close().onComplete(test.succeedingThenComplete());
  }

  private static String newId() {
    return "at_" + UUID.randomUUID().toString().replace("-", "");
  }

  private long blobFiles() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  private Future<Buffer> content(String id) {
    return attachments.find(id).compose(attachments::readWhole);
  }

  @Test
  void theContentGoesToTheBlobStoreAndRedisKeepsOnlyTheRecord(VertxTestContext test) {
    String first = newId();
    String second = newId();
    Buffer content = FileBlobStoreTest.sample(200_000);
    String digest = BlobKeys.digestOf(content.getBytes());
    attachments.put(first, "application/pdf", "Rechnung März.pdf", content)
        .compose(v -> attachments.put(second, null, null, content))
        .compose(v -> Future.all(redis.call(c -> c.hgetall(AttachmentRecords.key(first))), attachments.find(second),
            content(first), content(second)))
        .onComplete(test.succeeding(read -> test.verify(() -> {
          Map<String, String> record = read.resultAt(0);
          assertEquals(Map.of("contentType", "application/pdf", "filename", "Rechnung März.pdf", "size", "200000",
              "sha256", digest, "store", "files"), record);
          assertEquals(new AttachmentMetadata("application/octet-stream", "attachment", 200_000, digest, "files"),
              read.resultAt(1));
          assertEquals(content, read.resultAt(2));
          assertEquals(content, read.resultAt(3));
          assertEquals(1, blobFiles(), "two attachments with the same bytes share one blob");
          test.completeNow();
        })));
  }

  @Test
  void idsThatAreNoAttachmentIdsAreRefusedOrNotFound(VertxTestContext test) {
    attachments.put("../x", "text/plain", "x", Buffer.buffer("x"))
        .transform(refused -> {
          test.verify(() -> assertTrue(refused.failed()));
          return Future.all(attachments.find("at_never_stored"), attachments.find("nonsense"));
        })
        .onComplete(test.succeeding(found -> test.verify(() -> {
          assertNull(found.resultAt(0));
          assertNull(found.resultAt(1));
          test.completeNow();
        })));
  }

  @Test
  void aHubKilledBetweenBlobAndRecordLeavesAHarmlessBlobThatTheRetryReuses(VertxTestContext test) {
    String id = newId();
    Buffer content = FileBlobStoreTest.sample(50_000);
    // the blob was written, then the hub died before the record: the mail was never marked read
    blobs.put(content)
        .compose(digest -> attachments.find(id))
        .compose(unknown -> {
          test.verify(() -> {
            assertNull(unknown, "no record, no attachment");
            assertEquals(1, blobFiles());
          });
          // the mail is read again after the restart and stored again
          return attachments.put(id, "text/plain", "log.txt", content);
        })
        .compose(v -> content(id))
        .onComplete(test.succeeding(read -> test.verify(() -> {
          assertEquals(content, read);
          assertEquals(1, blobFiles(), "the orphan became the attachment's blob");
          test.completeNow();
        })));
  }

  /** A record as the hub wrote them before blobs: the content base64 in Redis. */
  private Future<Void> storeTheOldWay(String id, Buffer content, Map<String, String> extra) {
    Map<String, String> fields = new java.util.HashMap<>(Map.of("contentType", "image/png", "filename", "old.png",
        "size", Integer.toString(content.length()), "content", Base64.getEncoder().encodeToString(content.getBytes())));
    fields.putAll(extra);
    return redis.call(c -> c.hset(AttachmentRecords.key(id), fields)).mapEmpty();
  }

  @Test
  void recordsOfTheOldKindAreReadableAtOnceAndMovedOutOfRedisResumably(Vertx vertx, VertxTestContext test) {
    String readFirst = newId();
    String cutShort = newId();
    String untouched = newId();
    String lateComer = newId();
    Buffer one = FileBlobStoreTest.sample(150_000);
    Buffer two = FileBlobStoreTest.sample(20_000);
    Buffer three = Buffer.buffer("third");
    LegacyAttachmentMigration stoppedAtOnce = new LegacyAttachmentMigration(redis, attachments);
    stoppedAtOnce.stop();
    storeTheOldWay(readFirst, one, Map.of())
        // a move cut short by a crash: the record already names its blob, the content is still there
        .compose(v -> storeTheOldWay(cutShort, two, Map.of("sha256", BlobKeys.digestOf(two.getBytes()), "store", "files")))
        .compose(v -> storeTheOldWay(untouched, three, Map.of()))
        .compose(v -> content(readFirst))
        .compose(read -> {
          test.verify(() -> assertEquals(one, read, "read before the migration reached it"));
          return stoppedAtOnce.run().transform(stopped -> Future.succeededFuture(stopped.failed()));
        })
        .compose(stoppedShort -> {
          test.verify(() -> assertTrue(stoppedShort, "a hub stopped before going through every record says so"));
          return Future.all(redis.call(c -> c.hexists(AttachmentRecords.key(untouched), "content")),
              redis.call(c -> c.exists(LegacyAttachmentMigration.MOVED)));
        })
        .compose(after -> {
          test.verify(() -> {
            assertTrue(after.<Boolean>resultAt(0));
            assertEquals(0L, after.<Long>resultAt(1), "a move cut short is not marked done");
          });
          // the next start goes on
          return new LegacyAttachmentMigration(redis, attachments).run();
        })
        .compose(moved -> {
          test.verify(() -> assertEquals(2, moved, "the record cut short and the untouched one"));
          return Future.all(List.of(readFirst, cutShort, untouched).stream()
              .map(id -> redis.call(c -> c.hgetall(AttachmentRecords.key(id)))).toList());
        })
        .compose(records -> {
          test.verify(() -> {
            for (int i = 0; i < records.size(); i++) {
              Map<String, String> record = records.resultAt(i);
              assertFalse(record.containsKey("content"), "no content left in Redis: " + record.keySet());
              assertEquals(Set.of("contentType", "filename", "size", "sha256", "store"), record.keySet());
              assertEquals("old.png", record.get("filename"));
            }
            assertEquals(3, blobFiles());
          });
          return Future.all(content(readFirst), content(cutShort), content(untouched));
        })
        .compose(read -> {
          test.verify(() -> {
            assertEquals(one, read.resultAt(0));
            assertEquals(two, read.resultAt(1));
            assertEquals(three, read.resultAt(2));
          });
          // done once: later starts scan nothing, so a record of the old kind written now stays until it is read
          return storeTheOldWay(lateComer, three, Map.of()).compose(v -> new LegacyAttachmentMigration(redis, attachments).run());
        })
        .compose(movedOnLaterStart -> {
          test.verify(() -> assertEquals(0, movedOnLaterStart, "a later start does not scan"));
          return redis.call(c -> c.hexists(AttachmentRecords.key(lateComer), "content"))
              .compose(notScanned -> content(lateComer).map(read -> {
                test.verify(() -> {
                  assertTrue(notScanned);
                  assertEquals(three, read, "still moved when first read");
                });
                return null;
              }));
        })
        .onComplete(test.succeedingThenComplete());
  }
}
