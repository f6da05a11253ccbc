package org.crmhub.hub.attachment;

import io.vertx.core.Future;
import java.util.List;
import org.crmhub.hub.redis.KeyScan;
import org.crmhub.hub.redis.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves attachments stored the old way (content base64 in their Redis record) into the blob store,
 * in the background after start, one attachment at a time so at most one is in memory. Progress
 * lives in the records themselves (a moved one has no content field left), so a hub stopped
 * half-way simply goes on at its next start, several hubs moving at once do no harm, and reads of
 * one not moved yet move it on the spot ({@link Attachments#find}).
 */
public final class LegacyAttachmentMigration {

  private static final Logger LOG = LoggerFactory.getLogger(LegacyAttachmentMigration.class);
  private static final int BATCH = 200;

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

  /** @return completes when every record seen was moved, or the migration was stopped */
  public Future<Long> run() {
    return batches(new KeyScan(redis, AttachmentRecords.KEY_PATTERN, BATCH))
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
    if (stopped || scan.finished()) {
      return Future.succeededFuture(moved);
    }
    return scan.next().compose(keys -> each(keys, 0)).compose(v -> batches(scan));
  }

  private Future<Void> each(List<String> keys, int index) {
    if (stopped || index == keys.size()) {
      return Future.succeededFuture();
    }
    String id = AttachmentRecords.idOf(keys.get(index));
    return records.fields(id)
        .compose(fields -> {
          if (!fields.containsKey(AttachmentRecords.LEGACY_CONTENT)) {
            return Future.succeededFuture();
          }
          return attachments.moveIfLegacy(id, fields).onSuccess(done -> moved++).mapEmpty();
        })
        .compose(v -> each(keys, index + 1));
  }
}
