package org.crmhub.hub.sentiment;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Scores one text per stdin line and prints {@code COMPOUND<TAB>LABEL} per line, in input order,
 * e.g. {@code -0.5423\tnegative}. Nothing else is written to stdout. Text that is not scored (not
 * English, see {@link SentimentScore#scored()}) prints as {@code 0.0000\tneutral}.
 */
public final class SentimentCommand {

  private static final int OUTPUT_BUFFER_CHARS = 1 << 16;

  private SentimentCommand() {}

  public static void main(String[] args) {
    try {
      run(System.in, System.out);
    } catch (IOException | RuntimeException e) {
      System.err.println("sentiment: " + e);
      System.exit(1);
    }
  }

  /** Reads UTF-8 lines from {@code in} until end of input and writes one result line each to {@code out}. */
  public static void run(InputStream in, PrintStream out) throws IOException {
    SentimentAnalyzer analyzer = SentimentAnalyzer.fromClasspath();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    // Not closed: the caller owns the stream; flushed once at the end (and whenever the buffer fills).
    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), OUTPUT_BUFFER_CHARS);
    StringBuilder line = new StringBuilder(24);
    String text;
    while ((text = reader.readLine()) != null) {
      SentimentScore score = analyzer.score(text);
      line.setLength(0);
      appendFourDecimals(line, score.compound());
      line.append('\t').append(score.label().wireName()).append('\n');
      writer.append(line);
    }
    writer.flush();
    if (out.checkError()) {
      throw new IOException("Failed writing to output stream");
    }
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
