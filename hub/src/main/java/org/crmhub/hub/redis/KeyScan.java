package org.crmhub.hub.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.vertx.core.Future;
import java.util.List;

/**
 * SCAN over the keys matching a pattern, one batch at a time, on every primary of a cluster (the
 * cursor remembers which node it is on). Keys written during the scan may or may not be seen; a key
 * present throughout is seen at least once.
 */
public final class KeyScan {

  private final Redis redis;
  private final ScanArgs args;
  private KeyScanCursor<String> cursor;

  public KeyScan(Redis redis, String pattern, int batchSize) {
    this.redis = redis;
    this.args = ScanArgs.Builder.matches(pattern).limit(batchSize);
  }

  public boolean finished() {
    return cursor != null && cursor.isFinished();
  }

  /** The next batch of keys; may be empty before the scan is finished. */
  public Future<List<String>> next() {
    KeyScanCursor<String> from = cursor;
    return redis.call(c -> from == null ? c.scan(args) : c.scan(from, args)).map(page -> {
      cursor = page;
      return page.getKeys();
    });
  }
}
