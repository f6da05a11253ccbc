package org.crmhub.hub.attachment;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.function.Supplier;
import java.util.stream.Collector;

/**
 * A blob opened for reading: its bytes as a stream, and what to release once they were read (a
 * file handle, an HTTP connection). Used exactly once, by {@link #pipeTo} or {@link #readWhole}.
 */
public final class OpenBlob {

  private final ReadStream<Buffer> content;
  private final Supplier<Future<Void>> release;

  OpenBlob(ReadStream<Buffer> content, Supplier<Future<Void>> release) {
    this.content = content;
    this.release = release;
  }

  /**
   * Streams the content into {@code out} with back-pressure and ends it. A failure half-way does
   * not end {@code out}: an HTTP response that was promised more bytes must be reset, not ended.
   */
  public Future<Void> pipeTo(WriteStream<Buffer> out) {
    return content.pipe().endOnFailure(false).to(out).eventually(release);
  }

  /** Lets the content go unread: closes what {@code open} opened. */
  public Future<Void> discard() {
    return release.get();
  }

  /** The content in one buffer; only for blobs known to be small (portal uploads). */
  public Future<Buffer> readWhole() {
    return content.collect(Collector.of(Buffer::buffer, Buffer::appendBuffer, Buffer::appendBuffer))
        .eventually(release);
  }
}
