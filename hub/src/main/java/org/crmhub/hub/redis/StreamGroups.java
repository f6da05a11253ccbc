package org.crmhub.hub.redis;

import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.vertx.core.Future;

/** Consumer-group housekeeping shared by every stream reader. */
public final class StreamGroups {

  private StreamGroups() {}

  /**
   * Creates the group (and the stream) unless it exists. Groups start at id 0 so entries written
   * before any reader ran are read too.
   */
  public static Future<Void> ensure(Redis redis, String stream, String group) {
    return redis.call(c -> c.xgroupCreate(StreamOffset.from(stream, "0"), group, XGroupCreateArgs.Builder.mkstream()))
        .<Void>mapEmpty()
        .recover(failure -> String.valueOf(failure.getMessage()).startsWith("BUSYGROUP")
            ? Future.succeededFuture()
            : Future.failedFuture(failure));
  }
}
