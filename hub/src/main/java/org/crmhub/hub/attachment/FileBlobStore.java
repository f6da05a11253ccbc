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
import java.util.UUID;

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
  private final WorkerExecutor writers;
  private final BeforeRename beforeRename;

  FileBlobStore(Vertx vertx, Path root, WorkerExecutor writers, BeforeRename beforeRename) {
    this.vertx = vertx;
    this.root = root;
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
    if (Files.exists(target)) {
      return digest;
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
