package org.crmhub.hub.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.crmhub.hub.testing.RedisPerClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every blob store does for the sweep ({@link BlobSweep}), run against each of them: listing
 * in pages, deleting, and the sweep keeping every blob a record names or that is younger than the
 * grace period, and deleting the rest. Each test gets a store of its own (an empty directory or
 * prefix), Redis is shared by the class.
 */
@ExtendWith(VertxExtension.class)
abstract class BlobSweepContract {

  private static final Duration GRACE = Duration.ofHours(1);

  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();


  /** An empty store of the kind under test. */
  abstract Future<BlobStore> openEmptyStore(Vertx vertx);

  private OpenAttachments opened;

  @BeforeEach
  void open(Vertx vertx, VertxTestContext test) {
    OpenAttachments.open(vertx, server.url(), () -> openEmptyStore(vertx))
        .onComplete(test.succeeding(open -> {
          opened = open;
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

  private static Buffer text(String content) {
    return Buffer.buffer(content.getBytes(StandardCharsets.UTF_8));
  }

  /** A sweep that sees the blobs as written {@code later} ago more than they were. */
  BlobStore store() {
    return opened.blobs();
  }

  private Attachments attachments() {
    return opened.attachments();
  }

  BlobSweep sweepAsIf(Vertx vertx, Duration later) {
    return new BlobSweep(vertx, opened.redis(), opened.blobs(), GRACE, Clock.offset(Clock.system(ZoneOffset.UTC), later));
  }

  private Future<List<String>> listAll(String cursor, int limit, List<String> seen, int pagesLeft) {
    if (pagesLeft == 0) {
      return Future.failedFuture(new AssertionError("the listing did not end"));
    }
    return store().list(cursor, limit).compose(page -> {
      assertTrue(page.blobs().size() <= limit, "a page holds at most the limit");
      page.blobs().forEach(blob -> seen.add(blob.digest()));
      return page.next() == null ? Future.succeededFuture(seen) : listAll(page.next(), limit, seen, pagesLeft - 1);
    });
  }

  private Future<Boolean> present(String digest) {
    return store().open(digest, null).compose(blob -> blob == null
        ? Future.succeededFuture(false) : blob.readWhole().map(true));
  }

  @Test
  void listsEveryBlobOnceInPagesAndDeletesOne(VertxTestContext test) {
    List<Future<String>> puts = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      puts.add(store().put(text("blob number " + i)));
    }
    Future.all(puts)
        .compose(put -> listAll(null, 3, new ArrayList<>(), 10).map(listed -> {
          List<String> written = new ArrayList<>(put.<String>list());
          written.sort(null);
          test.verify(() -> assertEquals(written, listed, "in digest order, each once, over pages of three"));
          return written.get(3);
        }))
        .compose(doomed -> store().delete(doomed)
            .compose(deleted -> present(doomed))
            .compose(stillThere -> listAll(null, 100, new ArrayList<>(), 2).map(listed -> {
              test.verify(() -> {
                assertTrue(!stillThere, "the deleted blob cannot be opened");
                assertEquals(6, listed.size());
                assertTrue(!listed.contains(doomed));
              });
              return null;
            })))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aBlobWithoutRecordIsDeletedOnlyOnceOlderThanTheGrace(Vertx vertx, VertxTestContext test) {
    String named = newId();
    Buffer content = text("named by a record");
    String namedDigest = BlobKeys.digestOf(content.getBytes());
    attachments().put(named, "text/plain", "a.txt", content)
        // written, then the hub died before the record: the blob alone
        .compose(v -> store().put(text("a blob whose record was never written")))
        .compose(orphan -> sweepAsIf(vertx, Duration.ZERO).run()
            .compose(fresh -> Future.all(present(namedDigest), present(orphan)).map(both -> {
              test.verify(() -> {
                assertEquals(0, fresh.deleted(), "inside the grace period nothing is deleted");
                assertTrue(both.<Boolean>resultAt(0));
                assertTrue(both.<Boolean>resultAt(1), "the orphan is young: its record may still be on its way");
              });
              return orphan;
            })))
        .compose(orphan -> sweepAsIf(vertx, GRACE.multipliedBy(2)).run()
            .compose(old -> Future.all(present(namedDigest), present(orphan)).map(both -> {
              test.verify(() -> {
                assertEquals(1, old.deleted());
                assertTrue(old.records() >= 1);
                assertTrue(both.<Boolean>resultAt(0), "the blob a record names stays, however old");
                assertTrue(!both.<Boolean>resultAt(1), "the old orphan is gone");
              });
              return null;
            })))
        .compose(v -> attachments().find(named).compose(attachments()::readWhole))
        .onComplete(test.succeeding(read -> test.verify(() -> {
          assertEquals(content, read);
          test.completeNow();
        })));
  }

  /**
   * A hub killed after writing the blob and before its record: the provider was never answered, so
   * it delivers again and the retry stores the same attachment; the orphan becomes its blob and is
   * kept. (A real kill at exactly that point needs a hook in the hub; the orphan is written here by
   * the store alone, as the killed hub left it.)
   */
  @Test
  void anOrphanAdoptedByTheRetryIsKeptAndOneNeverAdoptedIsCollected(Vertx vertx, VertxTestContext test) {
    String retried = newId();
    Buffer adopted = text("stored again by the provider's retry");
    Buffer abandoned = text("never delivered again");
    Future.all(store().put(adopted), store().put(abandoned))
        .compose(orphans -> attachments().put(retried, "text/plain", "retry.txt", adopted.copy())
            .compose(v -> sweepAsIf(vertx, GRACE.multipliedBy(2)).run())
            .compose(outcome -> Future.all(present(orphans.resultAt(0)), present(orphans.resultAt(1)),
                attachments().find(retried).compose(attachments()::readWhole)).map(after -> {
                  test.verify(() -> {
                    assertEquals(1, outcome.deleted());
                    assertTrue(after.<Boolean>resultAt(0), "the retry's record names the orphan: kept");
                    assertTrue(!after.<Boolean>resultAt(1), "the orphan nobody adopted is collected after the grace");
                    assertEquals(adopted, after.resultAt(2));
                  });
                  return null;
                })))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aBlobTwoAttachmentsShareStaysUntilBothAreDeleted(Vertx vertx, VertxTestContext test) {
    String first = newId();
    String second = newId();
    Buffer content = text("the same file, mailed twice");
    String digest = BlobKeys.digestOf(content.getBytes());
    attachments().put(first, "text/plain", "one.txt", content)
        .compose(v -> attachments().put(second, "text/plain", "two.txt", content.copy()))
        .compose(v -> attachments().delete(first))
        .compose(deleted -> sweepAsIf(vertx, GRACE.multipliedBy(2)).run().map(outcome -> {
          test.verify(() -> {
            assertTrue(deleted);
            assertEquals(0, outcome.deleted(), "the other attachment still names the blob");
          });
          return null;
        }))
        .compose(v -> Future.all(attachments().find(first), attachments().find(second).compose(attachments()::readWhole)))
        .compose(found -> {
          test.verify(() -> {
            assertNull(found.resultAt(0), "the deleted attachment is gone");
            assertEquals(content, found.resultAt(1), "the other reads as before");
          });
          return attachments().delete(second);
        })
        .compose(v -> sweepAsIf(vertx, GRACE.multipliedBy(2)).run())
        .compose(outcome -> present(digest).map(stillThere -> {
          test.verify(() -> {
            assertEquals(1, outcome.deleted());
            assertTrue(!stillThere, "once no record names it, the blob goes");
          });
          return null;
        }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void contentStoredAgainCountsAsFreshlyWritten(Vertx vertx, VertxTestContext test) {
    Buffer content = text("an orphan, then the same file attached again");
    store().put(content)
        .compose(digest -> store().list(null, 10).map(page -> page.blobs().get(0).lastWritten())
            .compose(firstWritten -> vertx.timer(1_100).compose(waited -> store().put(content.copy()))
                .compose(again -> store().list(null, 10))
                .map(page -> {
                  test.verify(() -> {
                    assertNotNull(firstWritten);
                    assertTrue(page.blobs().get(0).lastWritten().isAfter(firstWritten),
                        "a put of stored content renews the time the grace period counts from");
                  });
                  return null;
                })))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aBlobStoredAgainAfterTheListingIsNotDeleted(Vertx vertx, VertxTestContext test) {
    // the sweep listed the blob as old; before its delete, the same file arrives again
    Buffer content = text("listed as an orphan, attached again before the delete");
    store().put(content)
        .compose(digest -> store().list(null, 10).map(page -> page.blobs().get(0).lastWritten())
            .compose(listedAs -> vertx.timer(1_100).compose(waited -> store().put(content.copy()))
                .compose(again -> store().deleteIfWrittenBefore(digest, listedAs.plusMillis(500)))
                .compose(deleted -> present(digest).map(kept -> {
                  test.verify(() -> {
                    assertTrue(!deleted, "the delete sees the renewed time, not the listed one");
                    assertTrue(kept);
                  });
                  return null;
                }))
                .compose(v -> store().deleteIfWrittenBefore(digest, Instant.now().plusSeconds(3600)))
                .compose(deleted -> present(digest).map(kept -> {
                  test.verify(() -> assertTrue(deleted && !kept, "old enough: deleted"));
                  return null;
                }))))
        .onComplete(test.succeedingThenComplete());
  }
}
