package org.crmhub.hub.attachment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;
import org.crmhub.hub.redis.Redis;

/** A test's connection to Redis, a blob store, and the attachments kept in both. */
record OpenAttachments(Redis redis, BlobStore blobs, Attachments attachments) {

  static Future<OpenAttachments> open(Vertx vertx, String redisUrl, Supplier<Future<BlobStore>> store) {
    return Redis.connect(vertx, redisUrl).compose(redis -> store.get()
        .map(blobs -> new OpenAttachments(redis, blobs, new Attachments(vertx, redis, blobs)))
        .onFailure(failure -> redis.shutdown()));
  }

  Future<Void> close() {
    return blobs.close().eventually(redis::shutdown);
  }
}
