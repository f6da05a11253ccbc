package org.crmhub.hub.attachment;

import io.vertx.core.Future;
import java.util.List;
import org.crmhub.hub.async.AsyncLoop;
import org.crmhub.hub.redis.KeyScan;
import org.crmhub.hub.redis.OneTimeMigration;
import org.crmhub.hub.redis.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves attachments stored the old way (content base64 in their Redis record) into the blob store,
 * in the background after start, one attachment at a time so at most one is in memory. Progress
 * lives in the records themselves (a moved one has no content field left), so a hub stopped
 * half-way simply goes on at its next start, several hubs moving at once do no harm, and reads of
 * one not moved yet move it on the spot ({@link Attachments#find}). Once a run has gone through
 * every record, a marker key says so and later starts scan nothing; a hub of the version before
 * blobs, still running beside upgraded ones, may write a record the old way after that, which is
 * then moved when it is first read.
 */
public final class LegacyAttachmentMigration {

  private static final Logger LOG = LoggerFactory.getLogger(LegacyAttachmentMigration.class);
  private static final int BATCH = 200;
  /** Outside {@link AttachmentRecords#KEY_PATTERN}, so never taken for an attachment. */
  public static final String MOVED = "crm:attachments-moved-to-blobs";

  private final Redis redis;
  private final Attachments attachments;
  private final AttachmentRecords records;
  private volatile boolean stopped;
  private long moved;

  public LegacyAttachmentMigration(Redis redis, Attachments attachments) {
    this.redis = redis;
    this.attachments = attachments;
    this.records = new AttachmentRecords(redis);
  }

  /**
   * @return how many attachments were moved (0 when every one was moved before); fails when the
   *     migration was stopped before it went through every record
   */
  public Future<Long> run() {
    return new OneTimeMigration(redis, MOVED).runOnce(() -> batches(new KeyScan(redis, AttachmentRecords.KEY_PATTERN, BATCH))
            .compose(count -> stopped
                ? Future.failedFuture(new IllegalStateException("stopped after moving " + count + " attachment(s)"))
                : Future.succeededFuture(count)), 0L)
        .onSuccess(count -> {
          if (count > 0) {
            LOG.info("moved {} attachment(s) from Redis to the blob store", count);
          }
        })
        .onFailure(failure -> LOG.warn("moving attachments out of Redis stopped ({}); the next start goes on",
            failure.toString()));
  }

  /** Stops after the attachment being moved now. */
  public void stop() {
    stopped = true;
  }

  private Future<Long> batches(KeyScan scan) {
    return AsyncLoop.iterate(scan, pages -> stopped || pages.finished(),
            pages -> pages.next().compose(this::each).map(pages))
        .map(ended -> moved);
  }

  /** The batch's attachments one after another, each moved if it is still stored the old way. */
  private Future<Void> each(List<String> keys) {
    return AsyncLoop.iterate(0, index -> stopped || index == keys.size(), index -> {
      String id = AttachmentRecords.idOf(keys.get(index));
      return records.fields(id)
          .compose(fields -> {
            if (!fields.containsKey(AttachmentRecords.LEGACY_CONTENT)) {
              return Future.succeededFuture();
            }
            return attachments.moveIfLegacy(id, fields).onSuccess(done -> moved++).mapEmpty();
          })
          .map(index + 1);
    }).mapEmpty();
  }
}
