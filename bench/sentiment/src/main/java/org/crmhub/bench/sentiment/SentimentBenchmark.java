package org.crmhub.bench.sentiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.crmhub.hub.sentiment.SentimentAnalyzer;
import org.crmhub.hub.sentiment.SentimentScore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of {@link SentimentAnalyzer#score(String)}: one operation scores one text, cycling
 * through the texts of a file, so ops/s is texts/s for one thread. The analyzer is shared by all
 * threads, as in the hub.
 *
 * <p>{@code texts} names the file, relative to the directory JMH runs in: a ground-truth TSV
 * (ID TAB MEAN TAB TEXT) or a {@code label,text} CSV; one text per line either way.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SentimentBenchmark {

  @Param("hub/src/test/resources/sentiment/support_set.csv")
  public String texts;

  private SentimentAnalyzer analyzer;
  private String[] lines;

  @Setup(Level.Trial)
  public void load() {
    analyzer = SentimentAnalyzer.fromClasspath();
    lines = readTexts(Path.of(texts));
  }

  /** Per-thread position in the texts. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Benchmark
  public SentimentScore score(Cursor cursor) {
    String text = lines[cursor.next];
    cursor.next = cursor.next + 1 == lines.length ? 0 : cursor.next + 1;
    return analyzer.score(text);
  }

  static String[] readTexts(Path file) {
    List<String> texts = new ArrayList<>();
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      boolean csv = !all.isEmpty() && all.get(0).startsWith("label,");
      for (int i = csv ? 1 : 0; i < all.size(); i++) {
        String line = all.get(i);
        if (line.isBlank()) {
          continue;
        }
        if (csv) {
          // "label","text" with quotes inside doubled
          int comma = line.indexOf("\",\"");
          texts.add(line.substring(comma + 3, line.length() - 1).replace("\"\"", "\""));
        } else {
          String[] parts = line.split("\t", 3);
          if (parts.length == 3) {
            texts.add(parts[2]);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read texts from " + file.toAbsolutePath(), e);
    }
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("No texts in " + file.toAbsolutePath());
    }
    return texts.toArray(new String[0]);
  }
}
