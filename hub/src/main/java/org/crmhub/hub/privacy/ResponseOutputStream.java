package org.crmhub.hub.privacy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link OutputStream} for a worker thread that writes into an HTTP response, chunked, in
 * pieces of {@value #CHUNK_BYTES} bytes. Every call on the response runs on the response's
 * context; the worker waits while the response's write queue is full (until it drains), so a slow
 * client slows the writer instead of filling memory. Once the client went away every write fails,
 * which stops the writer.
 *
 * <p>Nothing reaches the client before the first chunk is full (or the end): until then the
 * response's head is not written and a failure can still be answered as a problem instead of a ZIP.
 */
final class ResponseOutputStream extends OutputStream {

  static final int CHUNK_BYTES = 64 * 1024;

  /** Why writing stopped: the client closed the connection (or it broke). */
  static final class ClientGone extends IOException {
    ClientGone(String why) {
      super(why);
    }
  }

  private final HttpServerResponse response;
  private final ContextWaits context;
  private final Runnable beforeFirstByte;
  private final byte[] chunk = new byte[CHUNK_BYTES];
  private int filled;

  // read and written on the context only
  private CompletableFuture<Void> waitingForDrain;
  private boolean started;
  // set on the context, read by the worker
  private volatile ClientGone gone;

  /**
   * Must be created on the response's context.
   *
   * @param beforeFirstByte sets the status and headers; runs on the context right before the first write
   */
  ResponseOutputStream(HttpServerResponse response, ContextWaits context, Runnable beforeFirstByte) {
    this.response = response;
    this.context = context;
    this.beforeFirstByte = beforeFirstByte;
    response.closeHandler(v -> goneAway(new ClientGone("the client closed the connection")));
    response.exceptionHandler(failure -> goneAway(new ClientGone("the connection failed: " + failure.getMessage())));
  }

  private void goneAway(ClientGone why) {
    if (gone == null) {
      gone = why;
    }
    CompletableFuture<Void> waiting = waitingForDrain;
    waitingForDrain = null;
    if (waiting != null) {
      waiting.completeExceptionally(why);
    }
  }

  /** Fails when the client went away: a writer checks between reads so it stops early. */
  void checkOpen() throws ClientGone {
    ClientGone why = gone;
    if (why != null) {
      throw why;
    }
  }

  @Override
  public void write(int b) throws IOException {
    if (filled == chunk.length) {
      sendChunk();
    }
    chunk[filled++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    while (length > 0) {
      if (filled == chunk.length) {
        sendChunk();
      }
      int copied = Math.min(length, chunk.length - filled);
      System.arraycopy(bytes, offset, chunk, filled, copied);
      filled += copied;
      offset += copied;
      length -= copied;
    }
  }

  /** Sends what is left and ends the response: the client has the whole body. */
  void finish() throws IOException {
    if (filled > 0) {
      sendChunk();
    }
    checkOpen();
    CompletableFuture<Void> ended = new CompletableFuture<>();
    context.run(() -> {
      if (!started) {
        started = true;
        beforeFirstByte.run();
      }
      response.end().onComplete(outcome -> {
        if (outcome.succeeded()) {
          ended.complete(null);
        } else {
          ended.completeExceptionally(new ClientGone("the response could not be ended: " + outcome.cause().getMessage()));
        }
      });
    });
    context.await(ended, "the client");
  }

  private void sendChunk() throws IOException {
    checkOpen();
    Buffer piece = Buffer.buffer(filled).appendBytes(chunk, 0, filled);
    filled = 0;
    CompletableFuture<Void> written = new CompletableFuture<>();
    context.run(() -> {
      if (gone != null) {
        written.completeExceptionally(gone);
        return;
      }
      if (!started) {
        started = true;
        beforeFirstByte.run();
      }
      response.write(piece);
      if (!response.writeQueueFull()) {
        written.complete(null);
        return;
      }
      waitingForDrain = written;
      response.drainHandler(drained -> {
        CompletableFuture<Void> waiting = waitingForDrain;
        waitingForDrain = null;
        if (waiting != null) {
          waiting.complete(null);
        }
      });
    });
    context.await(written, "the client (reading too slowly)");
  }

  /** Nothing is sent from here: {@link #finish} ends the response, a failure resets it. */
  @Override
  public void flush() {}

  @Override
  public void close() {}
}
