package org.crmhub.hub.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.crmhub.hub.testing.TestDirectories;
import org.junit.jupiter.api.Test;

class FileBlobSweepTest extends BlobSweepContract {

  @Override
  Future<BlobStore> openEmptyStore(Vertx vertx) {
    try {
      return FileBlobStore.open(vertx, TestDirectories.create("blob-sweep"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void temporaryFilesOfInterruptedWritesGoOnceOlderThanTheGrace(Vertx vertx, VertxTestContext test) throws IOException {
    Path folder = Files.createDirectories(((FileBlobStore) store()).root().resolve("ab"));
    Path old = Files.writeString(folder.resolve(FileBlobStore.TEMPORARY_PREFIX + "ab-cut-short"), "half a blob");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
    Path writing = Files.writeString(folder.resolve(FileBlobStore.TEMPORARY_PREFIX + "ab-being-written"), "in progress");
    sweepAsIf(vertx, Duration.ZERO).run().onComplete(test.succeeding(outcome -> test.verify(() -> {
      assertEquals(1, outcome.leftovers());
      assertFalse(Files.exists(old));
      assertTrue(Files.exists(writing), "a write may still be going on");
      test.completeNow();
    })));
  }
}
