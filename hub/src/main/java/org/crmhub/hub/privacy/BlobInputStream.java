package org.crmhub.hub.privacy;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A blob's content, streamed on the context into this {@link WriteStream} and read by a worker
 * thread as an {@link InputStream}. At most about {@value #HIGH_WATER_BYTES} bytes wait between
 * the two: above that the stream reports its queue full and the pipe pauses until the worker has
 * read half of it, so a large attachment never sits in memory whole.
 */
final class BlobInputStream extends InputStream implements WriteStream<Buffer> {

  static final int HIGH_WATER_BYTES = 256 * 1024;

  private final ContextWaits context;
  private final Duration timeout;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
  private long queuedBytes;
  private boolean ended;
  private Throwable failure;
  private Handler<Void> drainHandler;
  private boolean drainAsked;
  private boolean abandoned;

  private Buffer current;
  private int position;

  BlobInputStream(ContextWaits context, Duration timeout) {
    this.context = context;
    this.timeout = timeout;
  }

  // ---- the context's side (the pipe writes here)

  @Override
  public Future<Void> write(Buffer data) {
    lock.lock();
    try {
      if (abandoned) {
        return Future.failedFuture(new IOException("the export stopped reading this attachment"));
      }
      queue.add(data);
      queuedBytes += data.length();
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    lock.lock();
    try {
      ended = true;
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
    return Future.succeededFuture();
  }

  /** The pipe failed half-way (it does not end this stream then): the reader fails too. */
  void failed(Throwable why) {
    lock.lock();
    try {
      failure = why;
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean writeQueueFull() {
    lock.lock();
    try {
      if (queuedBytes >= HIGH_WATER_BYTES) {
        drainAsked = true;
        return true;
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    lock.lock();
    try {
      drainHandler = handler;
    } finally {
      lock.unlock();
    }
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  // ---- the worker's side

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int read = read(one, 0, 1);
    return read < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (current == null || position == current.length()) {
      current = next();
      position = 0;
      if (current == null) {
        return -1;
      }
    }
    int copied = Math.min(length, current.length() - position);
    current.getBytes(position, position + copied, into, offset);
    position += copied;
    return copied;
  }

  /** The next piece, waiting for it; null at the end. */
  private Buffer next() throws IOException {
    Handler<Void> drain = null;
    Buffer piece;
    lock.lock();
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (queue.isEmpty() && !ended && failure == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IOException("the blob store sent nothing for " + timeout.toSeconds() + " s");
        }
        arrived.awaitNanos(left);
      }
      if (failure != null) {
        throw new IOException("reading the attachment failed: " + failure.getMessage(), failure);
      }
      piece = queue.poll();
      if (piece == null) {
        return null;
      }
      queuedBytes -= piece.length();
      if (drainAsked && queuedBytes < HIGH_WATER_BYTES / 2) {
        drainAsked = false;
        drain = drainHandler;
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while reading an attachment");
    } finally {
      lock.unlock();
    }
    if (drain != null) {
      Handler<Void> resume = drain;
      context.run(() -> resume.handle(null));
    }
    return piece;
  }

  /**
   * The worker stops reading (it failed, or the client went away): what is queued is dropped and
   * further writes fail, which stops the pipe, and the blob is released.
   */
  @Override
  public void close() {
    Handler<Void> drain;
    lock.lock();
    try {
      if (ended && queue.isEmpty()) {
        return;
      }
      abandoned = true;
      queue.clear();
      queuedBytes = 0;
      drain = drainAsked ? drainHandler : null;
      drainAsked = false;
    } finally {
      lock.unlock();
    }
    if (drain != null) {
      context.run(() -> drain.handle(null));
    }
  }
}
