package org.crmhub.hub.sentiment;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.crmhub.hub.sentiment.learning.LabelledCsv;
import org.crmhub.hub.sentiment.learning.LabelledText;
import org.crmhub.hub.sentiment.learning.LearnedModel;
import org.crmhub.hub.sentiment.learning.LearningSentimentAnalyzer;
import org.crmhub.hub.sentiment.learning.SentimentLearner;

/**
 * Scores one text per stdin line and prints {@code COMPOUND<TAB>LABEL} per line, in input order,
 * e.g. {@code -0.5423\tnegative}. Nothing else is written to stdout. Text that is not scored (not
 * English, see {@link SentimentScore#scored()}) prints as {@code 0.0000\tneutral}.
 *
 * <p>Lines are scored in batches on one worker per core ({@link OrderedBatchScoring}) while this
 * thread reads on. Output is written in large blocks, and flushed whenever the input has nothing more
 * to read at once: a file or a fast pipe is answered in few writes, and someone typing (or a program
 * writing one line and waiting for its answer) gets each answer before the next line is read. On a long
 * input the command leaves the scorer to the JVM's quick compiler ({@link ShortRunCompilation}).
 */
public final class SentimentCommand {

  private static final int BUFFER_BYTES = 1 << 16;
  /** A batch ends after this many lines ... */
  private static final int MAX_BATCH_LINES = 256;
  /** ... or this many characters, so a few long texts do not make one worker's batch much longer. */
  private static final int MAX_BATCH_CHARS = 32_768;

  /**
   * From this many lines on the input counts as long, and the command starts {@link ShortRunCompilation}.
   * Shorter runs take well under a second, most of it start-up, and C2 has hardly begun; the 0.2-0.3 s
   * of CPU time that starting the management beans costs would be a loss there (measured on 4,200
   * tweets: 1.05 s of CPU instead of 0.75 s).
   */
  static final int LONG_INPUT_LINES = 8_192;
  /**
   * Input known to be at least this long at start (a file: its size) counts as long at once: the
   * sooner the directives are in, the less C2 compiles in vain (measured on 210,000 tweets, started
   * at the 8,192nd line the command used about 1 s more CPU time than started at once).
   */
  static final int LONG_INPUT_BYTES = 1 << 20;

  private SentimentCommand() {}

  private static final String USAGE = "usage: sentiment [--learn FILE.csv] < texts (one per line)";
  /** A labelled file longer than this is refused rather than read into memory. */
  static final int MAX_LEARNED_ROWS = 1_000_000;

  public static void main(String[] args) {
    ShortRunCompilation compilation = new ShortRunCompilation();
    try {
      Function<String, SentimentScore> scorer = scorer(args);
      if (System.in.available() >= LONG_INPUT_BYTES) {
        compilation.start();
      }
      run(System.in, System.out, scorer, Runtime.getRuntime().availableProcessors(), compilation::start);
    } catch (UsageException e) {
      System.err.println("sentiment: " + e.getMessage());
      System.exit(2);
    } catch (IOException | RuntimeException e) {
      System.err.println("sentiment: " + e);
      System.exit(1);
    }
    compilation.finish();
  }

  /** A command line or a labelled file the command cannot use. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  /**
   * The rules, or with {@code --learn FILE.csv} the rules and a model learned from FILE's
   * {@code label,text} rows, exactly as the hub learns from agents' corrections.
   */
  static Function<String, SentimentScore> scorer(String[] args) throws UsageException, IOException {
    SentimentAnalyzer rules = SentimentAnalyzer.fromClasspath();
    if (args.length == 0) {
      return rules::score;
    }
    if (args.length != 2 || !args[0].equals("--learn")) {
      throw new UsageException(USAGE);
    }
    List<LabelledText> labelled;
    try (Reader file = Files.newBufferedReader(Path.of(args[1]), StandardCharsets.UTF_8)) {
      labelled = LabelledCsv.read(file, MAX_LEARNED_ROWS);
    } catch (NoSuchFileException e) {
      throw new UsageException(args[1] + ": no such file");
    } catch (LabelledCsv.BadFile e) {
      throw new UsageException(args[1] + ": " + e.getMessage());
    }
    LearnedModel model = labelled.isEmpty() ? null : SentimentLearner.train(labelled, rules::score);
    return new LearningSentimentAnalyzer(rules::score, model);
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
    run(in, out, scorer, workers, () -> { });
  }

  /**
   * As above, and calls {@code longInput} once when the input reaches {@link #LONG_INPUT_LINES} lines
   * (the command then starts {@link ShortRunCompilation}).
   */
  static void run(InputStream in, PrintStream out, Function<String, SentimentScore> scorer, int workers,
      Runnable longInput) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER_BYTES);
    // Not closed: the caller owns the stream.
    OutputStream buffered = new BufferedOutputStream(out, BUFFER_BYTES);
    try (OrderedBatchScoring scoring = new OrderedBatchScoring(scorer, buffered, workers)) {
      List<String> batch = new ArrayList<>(MAX_BATCH_LINES);
      int batchChars = 0;
      long lines = 0;
      String text;
      while ((text = reader.readLine()) != null) {
        if (++lines == LONG_INPUT_LINES) {
          longInput.run();
        }
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
