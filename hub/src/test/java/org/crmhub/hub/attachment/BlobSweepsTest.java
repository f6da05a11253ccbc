package org.crmhub.hub.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.hub.channels.RedisLeases;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.RedisPerClass;
import org.crmhub.hub.testing.TestDirectories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two hubs sharing Redis and a store: only the one holding the lease sweeps. */
@ExtendWith(VertxExtension.class)
class BlobSweepsTest {

  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();

  @Test
  void onlyTheLeaseHolderSweepsAndItKeepsTheLease(Vertx vertx, VertxTestContext test) throws IOException {
    List<String> swept = new ArrayList<>();
    Path root = TestDirectories.create("blob-sweeps");
    Redis.connect(vertx, server.url()).compose(redis -> FileBlobStore.open(vertx, root).compose(blobs -> {
      BlobSweeps first = hub(vertx, redis, blobs, "hub-a", swept);
      BlobSweeps second = hub(vertx, redis, blobs, "hub-b", swept);
      return first.runIfHeld()
          .compose(v -> second.runIfHeld())
          .compose(v -> first.runIfHeld())
          .compose(v -> second.runIfHeld())
          .eventually(blobs::close);
    }).eventually(redis::shutdown))
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertEquals(List.of("hub-a", "hub-a"), swept);
          test.completeNow();
        })));
  }

  private static BlobSweeps hub(Vertx vertx, Redis redis, BlobStore blobs, String hubId, List<String> swept) {
    return new BlobSweeps(vertx, new BlobSweep(vertx, redis, blobs, Duration.ofHours(1), Clock.systemUTC()),
        new RedisLeases(redis, hubId), Duration.ofHours(1), outcome -> swept.add(hubId));
  }
}
