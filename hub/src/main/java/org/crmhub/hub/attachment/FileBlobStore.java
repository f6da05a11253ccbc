package org.crmhub.hub.attachment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Blobs as files under one directory ({@code CRMHUB_BLOB_DIR}, by default
 * {@code CRMHUB_DATA_DIR/attachments}). A blob is written to a temporary name beside its final one,
 * fsynced, renamed atomically and its directory fsynced, so a crash leaves either the whole blob
 * under its name or none (at most a temporary file, {@value #TEMPORARY_PREFIX}…, to be swept).
 * Writes run on a worker pool of their own; reads are Vert.x's asynchronous files.
 */
public final class FileBlobStore implements BlobStore {

  /** Temporary files start with this; they are never a blob, and backups may skip them. */
  public static final String TEMPORARY_PREFIX = ".tmp-";

  /** Runs between the temporary file's fsync and its rename; tests make it fail. */
  interface BeforeRename {
    void run(Path temporary) throws IOException;
  }

  private final Vertx vertx;
  private final Path root;
  /** Locks by digest: a put's renewal and the sweep's check-then-delete of one blob never interleave. */
  private final Object[] stripes = new Object[64];
  private final WorkerExecutor writers;
  private final BeforeRename beforeRename;

  FileBlobStore(Vertx vertx, Path root, WorkerExecutor writers, BeforeRename beforeRename) {
    this.vertx = vertx;
    this.root = root;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Object();
    }
    this.writers = writers;
    this.beforeRename = beforeRename;
  }

  /** Creates the directory if needed. */
  public static Future<BlobStore> open(Vertx vertx, Path root) {
    WorkerExecutor writers = vertx.createSharedWorkerExecutor("crmhub-blob-files", 4);
    return writers.executeBlocking(() -> Files.createDirectories(root), false)
        .<BlobStore>map(created -> new FileBlobStore(vertx, root, writers, temporary -> { }))
        .onFailure(failure -> writers.close());
  }

  @Override
  public String name() {
    return "files";
  }

  public Path root() {
    return root;
  }

  @Override
  public Future<String> put(Buffer content) {
    return writers.executeBlocking(() -> write(content.getBytes()), false);
  }

  private String write(byte[] content) throws IOException {
    String digest = BlobKeys.digestOf(content);
    Path target = root.resolve(BlobKeys.relativePath(digest));
    synchronized (stripe(digest)) {
      if (refreshed(target)) {
        return digest;
      }
    }
    Files.createDirectories(target.getParent());
    Path temporary = target.resolveSibling(TEMPORARY_PREFIX + digest + "-" + UUID.randomUUID());
    boolean renamed = false;
    try {
      try (FileChannel file = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(content);
        while (bytes.hasRemaining()) {
          file.write(bytes);
        }
        file.force(true);
      }
      beforeRename.run(temporary);
      // the same content written at once by two hubs: either rename wins, both name the same bytes
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      renamed = true;
    } finally {
      if (!renamed) {
        Files.deleteIfExists(temporary);
      }
    }
    syncDirectory(target.getParent());
    return digest;
  }

  /**
   * A put of content stored already marks the blob as written now, so the sweep's grace period
   * protects it until the new record naming it is written, as it protects a new blob.
   *
   * @return false when there is no blob to refresh (it was never written, or was just swept)
   */
  private static boolean refreshed(Path blob) throws IOException {
    try {
      Files.setLastModifiedTime(blob, FileTime.from(Instant.now()));
      return true;
    } catch (NoSuchFileException missing) {
      return false;
    }
  }

  /** Makes the rename itself durable: the new directory entry is on disk once this returns. */
  private static void syncDirectory(Path directory) throws IOException {
    try (FileChannel entries = FileChannel.open(directory, StandardOpenOption.READ)) {
      entries.force(true);
    }
  }

  @Override
  public Future<OpenBlob> open(String digest, ByteRange range) {
    String path = root.resolve(BlobKeys.relativePath(digest)).toString();
    return vertx.fileSystem().open(path, new OpenOptions().setRead(true).setWrite(false).setCreate(false))
        .map(file -> new OpenBlob(range == null ? file : file.setReadPos(range.start()).setReadLength(range.length()),
            file::close))
        .recover(failure -> isMissing(failure) ? Future.succeededFuture() : Future.failedFuture(failure));
  }

  /** Pages through the two-digit folders in order; the cursor is the last digest listed. */
  @Override
  public Future<BlobPage> list(String cursor, int limit) {
    return writers.executeBlocking(() -> listAfter(cursor, limit), false);
  }

  private BlobPage listAfter(String after, int limit) throws IOException {
    List<BlobPage.Stored> page = new ArrayList<>();
    String fromFolder = after == null ? "" : after.substring(0, 2);
    for (Path folder : sortedEntries(root, name -> name.length() == 2 && name.compareTo(fromFolder) >= 0)) {
      for (Path blob : sortedEntries(folder, name -> BlobKeys.isDigest(name) && (after == null || name.compareTo(after) > 0))) {
        Instant written = lastWritten(blob);
        if (written != null) {
          page.add(new BlobPage.Stored(blob.getFileName().toString(), written));
        }
        if (page.size() == limit) {
          return new BlobPage(page, page.get(page.size() - 1).digest());
        }
      }
    }
    return new BlobPage(page, null);
  }

  private static List<Path> sortedEntries(Path folder, Predicate<String> nameMatches) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.filter(entry -> nameMatches.test(entry.getFileName().toString())).sorted().toList();
    } catch (NoSuchFileException gone) {
      return List.of();
    }
  }

  /** @return null when the file is gone already */
  private static Instant lastWritten(Path file) throws IOException {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (NoSuchFileException gone) {
      return null;
    }
  }

  @Override
  public Future<Boolean> delete(String digest) {
    return writers.executeBlocking(() -> Files.deleteIfExists(root.resolve(BlobKeys.relativePath(digest))), false);
  }

  /**
   * The time check and the delete hold the digest's stripe, as a put's renewal does: a put either
   * renews the blob before the check (and it stays) or finds it gone and writes it again. That holds
   * within this process; hubs sharing one folder narrow the gap to the check-then-delete.
   */
  @Override
  public Future<Boolean> deleteIfWrittenBefore(String digest, Instant before) {
    Path blob = root.resolve(BlobKeys.relativePath(digest));
    return writers.executeBlocking(() -> {
      synchronized (stripe(digest)) {
        try {
          return Files.getLastModifiedTime(blob).toInstant().isBefore(before) && Files.deleteIfExists(blob);
        } catch (NoSuchFileException gone) {
          return false;
        }
      }
    }, false);
  }

  private Object stripe(String digest) {
    return stripes[Math.floorMod(digest.hashCode(), stripes.length)];
  }

  /** Temporary files of writes a crash cut short (a write in progress is younger than {@code before}). */
  @Override
  public Future<Long> deleteLeftovers(Instant before) {
    return writers.executeBlocking(() -> {
      long deleted = 0;
      for (Path folder : sortedEntries(root, name -> name.length() == 2)) {
        for (Path temporary : sortedEntries(folder, name -> name.startsWith(TEMPORARY_PREFIX))) {
          Instant written = lastWritten(temporary);
          if (written != null && written.isBefore(before) && Files.deleteIfExists(temporary)) {
            deleted++;
          }
        }
      }
      return deleted;
    }, false);
  }

  private static boolean isMissing(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof NoSuchFileException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Future<Void> close() {
    return writers.close();
  }
}
