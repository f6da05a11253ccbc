package org.crmhub.hub.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisPerClass;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A running hub sweeps in the background: an old orphan left in its files store goes, and /metrics counts it. */
@ExtendWith(VertxExtension.class)
class HubBlobSweepTest {

  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();

  private static final Pattern SWEPT = Pattern.compile("(?m)^crmhub_blobs_swept_total\\{kind=\"unreferenced\"[^}]*\\} 1\\.0$");

  @Test
  void anOldOrphanIsSweptByTheRunningHubAndCounted(Vertx vertx, VertxTestContext test) throws Exception {
    Path dataDir = TestDirectories.create("hub-sweep");
    byte[] content = "written just before a crash, its record never".getBytes(StandardCharsets.UTF_8);
    Path orphan = dataDir.resolve("attachments").resolve(BlobKeys.relativePath(BlobKeys.digestOf(content)));
    Files.createDirectories(orphan.getParent());
    Files.write(orphan, content);
    Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
    BlobSettings sweepEverySecond = new BlobSettings(dataDir.resolve("attachments"), null, Duration.ofSeconds(1),
        BlobSettings.SWEEP_GRACE);
    TestHub.deploy(vertx, TestHub.config(server.url(), dataDir).withBlobs(sweepEverySecond))
        .compose(hub -> Eventually.holds(vertx, 20_000, "the orphan was swept", () -> Future.succeededFuture(!Files.exists(orphan)))
            .compose(v -> hub.request(HttpMethod.GET, "/metrics").send())
            .compose(metrics -> {
              test.verify(() -> {
                assertEquals(200, metrics.statusCode());
                String text = metrics.bodyAsString();
                assertTrue(SWEPT.matcher(text).find(), text.lines().filter(line -> line.contains("blob")).toList().toString());
              });
              return hub.undeploy();
            }))
        .onComplete(test.succeedingThenComplete());
  }
}
