package org.crmhub.hub.sentiment;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Scores batches of texts on worker threads, one batch per task, and writes each batch's result lines
 * ({@code COMPOUND<TAB>LABEL}) to the output in the order the batches were submitted, whichever
 * finishes first. The sentiment command uses it so that every core scores, while its output stays in
 * input order.
 *
 * <p>Used by one thread (the one reading the input); the workers are daemon threads, so a caller that
 * exits early is not held up by them.
 */
final class OrderedBatchScoring implements AutoCloseable {

  /** Batches in flight per worker: enough that no worker waits for the reader, few enough to bound memory. */
  private static final int BATCHES_PER_WORKER = 2;
  /** Bytes of one result line at most: "-1.0000\tnegative\n" is 17. */
  private static final int MAX_RESULT_LINE_BYTES = 17;

  private final Function<String, SentimentScore> scorer;
  private final OutputStream out;
  private final ExecutorService workers;
  private final int maxInFlight;
  private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();

  /**
   * @param out     receives the result lines; buffered by the caller, flushed only through {@link #flush()}
   * @param workers number of scoring threads, at least 1
   */
  OrderedBatchScoring(Function<String, SentimentScore> scorer, OutputStream out, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, was " + workers);
    }
    this.scorer = scorer;
    this.out = out;
    this.maxInFlight = workers * BATCHES_PER_WORKER;
    AtomicInteger threadNumber = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(workers, task -> {
      Thread thread = new Thread(task, "sentiment-scorer-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Queues {@code texts} for scoring (the list is not copied: the caller must not change it) and writes
   * the results of every batch that is done by now and has no unfinished batch before it; waits for
   * the oldest batch while too many are in flight.
   */
  void submit(List<String> texts) throws IOException {
    inFlight.add(workers.submit(() -> resultLines(texts)));
    while (!inFlight.isEmpty() && (inFlight.peek().isDone() || inFlight.size() > maxInFlight)) {
      out.write(await(inFlight.poll()));
    }
  }

  /** Waits for every submitted batch, writes their results in order and flushes the output. */
  void flush() throws IOException {
    while (!inFlight.isEmpty()) {
      out.write(await(inFlight.poll()));
    }
    out.flush();
  }

  /** Stops the workers; batches still in flight are abandoned. */
  @Override
  public void close() {
    workers.shutdownNow();
  }

  private byte[] resultLines(List<String> texts) {
    byte[] lines = new byte[texts.size() * MAX_RESULT_LINE_BYTES];
    StringBuilder line = new StringBuilder(MAX_RESULT_LINE_BYTES);
    int length = 0;
    for (String text : texts) {
      SentimentScore score = scorer.apply(text);
      line.setLength(0);
      SentimentCommand.appendResult(line, score);
      // The result is ASCII: one byte per char.
      for (int i = 0; i < line.length(); i++) {
        lines[length++] = (byte) line.charAt(i);
      }
    }
    return length == lines.length ? lines : java.util.Arrays.copyOf(lines, length);
  }

  private static byte[] await(Future<byte[]> batch) throws IOException {
    try {
      return batch.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for sentiment scores");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException("scoring failed", cause);
    }
  }
}
