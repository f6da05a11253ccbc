package org.crmhub.hub.attachment;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.InputStream;

/**
 * A blocking {@link InputStream} (an S3 object's body) as a Vert.x stream: each chunk is read on a
 * worker thread and handed over on the caller's context, one read at a time and only while there is
 * demand, so a slow client holds back the reading instead of filling memory.
 */
final class InputStreamReadStream implements ReadStream<Buffer> {

  private static final int CHUNK_BYTES = 64 * 1024;

  private final Context context;
  private final WorkerExecutor workers;
  private final InputStream in;
  private Handler<Buffer> dataHandler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private long demand = Long.MAX_VALUE;
  private boolean reading;
  private boolean stopped;
  private boolean readToEnd;

  /** @param context where the handlers run; every event is handed over there as a task of its own */
  InputStreamReadStream(Context context, WorkerExecutor workers, InputStream in) {
    this.context = context;
    this.workers = workers;
    this.in = in;
  }

  /** Whether every byte was read (the connection behind it can then be reused). */
  boolean readToEnd() {
    return readToEnd;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.dataHandler = handler;
    readMore();
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    demand = 0;
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    long more = demand + amount;
    demand = more < 0 ? Long.MAX_VALUE : more;
    readMore();
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    return this;
  }

  private void readMore() {
    if (reading || stopped || demand == 0 || dataHandler == null) {
      return;
    }
    reading = true;
    // never handed over inline: a read that finished at once would otherwise reach the data handler
    // inside handler(), before the caller had set its end handler, and the end would be lost
    workers.executeBlocking(() -> in.readNBytes(CHUNK_BYTES), false)
        .onComplete(read -> context.runOnContext(v -> delivered(read)));
  }

  private void delivered(AsyncResult<byte[]> read) {
    reading = false;
    if (read.failed()) {
      stopped = true;
      if (exceptionHandler != null) {
        exceptionHandler.handle(read.cause());
      }
      return;
    }
    byte[] bytes = read.result();
    if (bytes.length > 0 && dataHandler != null) {
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      dataHandler.handle(Buffer.buffer(bytes));
    }
    // readNBytes returns fewer bytes than asked for only at the end
    if (bytes.length < CHUNK_BYTES) {
      stopped = true;
      readToEnd = true;
      if (endHandler != null) {
        endHandler.handle(null);
      }
      return;
    }
    readMore();
  }
}
