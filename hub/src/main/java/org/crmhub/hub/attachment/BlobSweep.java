package org.crmhub.hub.attachment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.crmhub.hub.async.AsyncLoop;
import org.crmhub.hub.redis.KeyScan;
import org.crmhub.hub.redis.Redis;

/**
 * Deletes the blobs no attachment record names any more (the attachment was deleted, or a crash
 * came between a blob and its record), by mark and sweep: every record is read and the digests
 * they name are marked, then the store is listed and each blob neither marked nor younger than
 * the grace period is deleted.
 *
 * <p>Why not reference counts kept in Redis: a count would have to change in one atomic step with
 * the record it counts, and records are keyed by attachment id (no hash tag shared with a per-blob
 * counter, so no single script in a cluster); a count that ever drifts (a crash between the blob
 * and the record, a record deleted by hand) leaks a blob for good or, worse, deletes one still
 * named. The sweep recomputes the truth from the records each time, for one SCAN of the records
 * and one listing of the store per run.
 *
 * <p>Why the grace period makes it safe: the mark comes first, the listing after it, and a record
 * the mark missed was written after the mark began, just after its blob was written or, for content
 * stored already, marked as written again by the put ({@link BlobStore#put}); so that blob is
 * younger than the grace when it is listed. A put of the very same bytes as an old unreferenced blob
 * after the listing renews its time, and the delete checks that time again at the moment of deleting
 * ({@link BlobStore#deleteIfWrittenBefore}): in the files store under the same lock as the put's
 * renewal, so nothing is left open within one hub; in S3 (and a folder shared by several hubs) the
 * gap between that check and the delete remains.
 */
public final class BlobSweep {

  /**
   * What a run did.
   *
   * @param records attachment records read
   * @param blobs blobs listed in the store
   * @param deleted blobs deleted
   * @param leftovers pieces of interrupted writes deleted (temporary files of the files store)
   */
  public record Outcome(long records, long blobs, long deleted, long leftovers) {}

  private static final int PAGE = 500;

  private final Vertx vertx;
  private final Redis redis;
  private final AttachmentRecords records;
  private final BlobStore blobs;
  private final Duration grace;
  private final Clock clock;
  private volatile boolean stopped;

  public BlobSweep(Vertx vertx, Redis redis, BlobStore blobs, Duration grace, Clock clock) {
    this.vertx = vertx;
    this.redis = redis;
    this.records = new AttachmentRecords(redis);
    this.blobs = blobs;
    this.grace = grace;
    this.clock = clock;
  }

  /** Marks, then sweeps; a stopped run ends after the page it is on. */
  public Future<Outcome> run() {
    ReferencedDigests marks = new ReferencedDigests();
    Counts counts = new Counts();
    return mark(new KeyScan(redis, AttachmentRecords.KEY_PATTERN, PAGE), marks, counts)
        .compose(v -> vertx.executeBlocking(marks::sort, false))
        .compose(marked -> {
          // taken after the mark: a blob written since the mark began is younger than this
          Instant writtenBefore = clock.instant().minus(grace);
          return sweep(marked, writtenBefore, counts)
              .compose(v -> blobs.deleteLeftovers(writtenBefore));
        })
        .map(leftovers -> new Outcome(counts.records, counts.blobs, counts.deleted, leftovers));
  }

  /**
   * Deletes at once the blobs of these digests that no attachment record names any more (an
   * erasure deleted their records and cannot wait for the next run): one SCAN of the records, no
   * listing of the store. A blob written again at or after {@code writtenBefore} (the same bytes
   * attached anew since the erasure began) is kept, as in a run.
   *
   * @return how many blobs were deleted
   */
  public Future<Long> sweepNow(java.util.Set<String> digests, Instant writtenBefore) {
    java.util.Set<String> unreferenced = java.util.concurrent.ConcurrentHashMap.newKeySet();
    digests.stream().filter(BlobKeys::isDigest).forEach(unreferenced::add);
    if (unreferenced.isEmpty()) {
      return Future.succeededFuture(0L);
    }
    return eachDigest(new KeyScan(redis, AttachmentRecords.KEY_PATTERN, PAGE), unreferenced::isEmpty, digest -> {
          if (digest != null) {
            unreferenced.remove(digest);
          }
        })
        .compose(v -> Future.all(unreferenced.stream().map(digest -> blobs.deleteIfWrittenBefore(digest, writtenBefore))
            .toList()))
        .map(deleted -> deleted.<Boolean>list().stream().filter(Boolean::booleanValue).count());
  }

  /** Stops a run after the page it is on. */
  public void stop() {
    stopped = true;
  }

  private Future<Void> mark(KeyScan scan, ReferencedDigests marks, Counts counts) {
    return eachDigest(scan, () -> false, digest -> {
      counts.records++;
      if (BlobKeys.isDigest(digest)) {
        marks.add(digest);
      }
    });
  }

  /**
   * Reads every attachment record's digest (null for a record without one) a page at a time, until
   * the scan ends or {@code enough} says so.
   */
  private Future<Void> eachDigest(KeyScan scan, java.util.function.BooleanSupplier enough,
      java.util.function.Consumer<String> digest) {
    return AsyncLoop.iterate(scan, pages -> pages.finished() || enough.getAsBoolean(), pages -> {
      if (stopped) {
        return Future.failedFuture(new IllegalStateException("the sweep was stopped while reading the records"));
      }
      return pages.next()
          .compose(keys -> Future.all(keys.stream().map(key -> records.digest(AttachmentRecords.idOf(key))).toList()))
          .map(digests -> {
            digests.<String>list().forEach(digest);
            return pages;
          });
    }).mapEmpty();
  }

  /** Where the sweep stands: the next page's cursor (null for the first page), or the end. */
  private record SweepAt(String cursor, boolean ended) {}

  private Future<Void> sweep(ReferencedDigests marked, Instant writtenBefore, Counts counts) {
    return AsyncLoop.iterate(new SweepAt(null, false), at -> at.ended() || stopped,
        at -> blobs.list(at.cursor(), PAGE)
            .compose(page -> deleteUnreferenced(page.blobs(), marked, writtenBefore, counts)
                .map(v -> new SweepAt(page.next(), page.next() == null))))
        .mapEmpty();
  }

  /** One blob after another (a page of them), each deleted unless referenced or written since. */
  private Future<Void> deleteUnreferenced(List<BlobPage.Stored> page, ReferencedDigests marked, Instant writtenBefore,
      Counts counts) {
    return AsyncLoop.iterate(0, index -> index == page.size(), index -> {
      BlobPage.Stored blob = page.get(index);
      counts.blobs++;
      if (marked.contains(blob.digest()) || !blob.lastWritten().isBefore(writtenBefore)) {
        return Future.succeededFuture(index + 1);
      }
      return blobs.deleteIfWrittenBefore(blob.digest(), writtenBefore).map(deleted -> {
        if (deleted) {
          counts.deleted++;
        }
        return index + 1;
      });
    }).mapEmpty();
  }

  /** Tallies of one run, touched only by its own chain of steps. */
  private static final class Counts {
    long records;
    long blobs;
    long deleted;
  }
}
