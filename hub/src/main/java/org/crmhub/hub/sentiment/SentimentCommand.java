package org.crmhub.hub.sentiment;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Scores one text per stdin line and prints {@code COMPOUND<TAB>LABEL} per line, in input order,
 * e.g. {@code -0.5423\tnegative}. Nothing else is written to stdout. Text that is not scored (not
 * English, see {@link SentimentScore#scored()}) prints as {@code 0.0000\tneutral}.
 *
 * <p>Lines are scored in batches on one worker per core ({@link OrderedBatchScoring}) while this
 * thread reads on. Output is written in large blocks, and flushed whenever the input has nothing more
 * to read at once: a file or a fast pipe is answered in few writes, and someone typing (or a program
 * writing one line and waiting for its answer) gets each answer before the next line is read. The
 * command leaves the scorer to the JVM's quick compiler ({@link ShortRunCompilation}), which costs
 * less CPU time than it saves in a run of this length.
 */
public final class SentimentCommand {

  private static final int BUFFER_BYTES = 1 << 16;
  /** A batch ends after this many lines ... */
  private static final int MAX_BATCH_LINES = 256;
  /** ... or this many characters, so a few long texts do not make one worker's batch much longer. */
  private static final int MAX_BATCH_CHARS = 32_768;

  private SentimentCommand() {}

  public static void main(String[] args) {
    Thread compilerDirectives = ShortRunCompilation.applyInBackground();
    try {
      run(System.in, System.out);
    } catch (IOException | RuntimeException e) {
      System.err.println("sentiment: " + e);
      System.exit(1);
    }
    ShortRunCompilation.finish(compilerDirectives);
  }

  /**
   * Reads UTF-8 lines from {@code in} until end of input and writes one result line each to {@code out},
   * scoring on as many threads as there are processors.
   */
  public static void run(InputStream in, PrintStream out) throws IOException {
    run(in, out, SentimentAnalyzer.fromClasspath()::score, Runtime.getRuntime().availableProcessors());
  }

  /** As {@link #run(InputStream, PrintStream)}, with {@code scorer} on {@code workers} threads. */
  static void run(InputStream in, PrintStream out, Function<String, SentimentScore> scorer, int workers)
      throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER_BYTES);
    // Not closed: the caller owns the stream.
    OutputStream buffered = new BufferedOutputStream(out, BUFFER_BYTES);
    try (OrderedBatchScoring scoring = new OrderedBatchScoring(scorer, buffered, workers)) {
      List<String> batch = new ArrayList<>(MAX_BATCH_LINES);
      int batchChars = 0;
      String text;
      while ((text = reader.readLine()) != null) {
        batch.add(text);
        batchChars += text.length();
        boolean moreAtOnce = reader.ready();
        if (!moreAtOnce || batch.size() == MAX_BATCH_LINES || batchChars >= MAX_BATCH_CHARS) {
          scoring.submit(batch);
          batch = new ArrayList<>(MAX_BATCH_LINES);
          batchChars = 0;
        }
        if (!moreAtOnce) {
          // The next read may block: answer everything read so far first.
          scoring.flush();
        }
      }
      if (!batch.isEmpty()) {
        scoring.submit(batch);
      }
      scoring.flush();
    }
    if (out.checkError()) {
      throw new IOException("Failed writing to output stream");
    }
  }

  /** Appends {@code COMPOUND<TAB>LABEL} and a line feed, e.g. {@code -0.5423\tnegative\n}. */
  static void appendResult(StringBuilder line, SentimentScore score) {
    appendFourDecimals(line, score.compound());
    line.append('\t').append(score.label().wireName()).append('\n');
  }

  /**
   * Same text as {@code String.format(Locale.ROOT, "%.4f", value)} for a value already rounded to four
   * decimals, without the Formatter's per-call cost.
   */
  static void appendFourDecimals(StringBuilder out, double value) {
    long units = Math.round(Math.abs(value) * 10_000);
    if (value < 0 && units != 0) {
      out.append('-');
    }
    out.append(units / 10_000).append('.');
    long fraction = units % 10_000;
    if (fraction < 1000) {
      out.append('0');
    }
    if (fraction < 100) {
      out.append('0');
    }
    if (fraction < 10) {
      out.append('0');
    }
    out.append(fraction);
  }
}
