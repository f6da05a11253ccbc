package org.crmhub.hub.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sentiment command's contract with its batches scored on several threads: every line answered,
 * in input order, with the scores one analyzer gives the texts one by one; an interactive line
 * answered before the input ends.
 */
class SentimentCommandTest {

  private static final long ANSWER_TIMEOUT_SECONDS = 30;

  private static SentimentAnalyzer analyzer;

  @BeforeAll
  static void load() {
    analyzer = SentimentAnalyzer.fromClasspath();
  }

  /** The texts of the support set and both hold-outs, with a blank line and emoji among them. */
  private static List<String> supportTexts() throws IOException {
    List<String> texts = new ArrayList<>();
    for (String file : List.of("support_set.csv", "support_holdout.csv", "support_holdout_2.csv")) {
      for (String[] row : SupportSentimentTest.readSupportSet("/sentiment/" + file)) {
        texts.add(row[1]);
      }
    }
    texts.add("");
    texts.add("Catch utf-8 emoji such as 💘 and 💋 and 😁");
    return texts;
  }

  /** What the command must print for {@code texts}: each scored alone, formatted as String.format does. */
  private static String expectedOutput(List<String> texts) {
    StringBuilder expected = new StringBuilder();
    for (String text : texts) {
      SentimentScore score = analyzer.score(text);
      expected.append(String.format(Locale.ROOT, "%.4f", score.compound())).append('\t')
          .append(score.label().wireName()).append('\n');
    }
    return expected.toString();
  }

  private static String run(List<String> texts, Function<String, SentimentScore> scorer, int workers)
      throws IOException {
    byte[] input = (String.join("\n", texts) + "\n").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8)) {
      SentimentCommand.run(new ByteArrayInputStream(input), out, scorer, workers);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void manyBatchesOnSeveralWorkersPrintWhatSequentialScoringGivesInInputOrder() throws IOException {
    List<String> texts = new ArrayList<>();
    List<String> support = supportTexts();
    for (int round = 0; round < 12; round++) {
      texts.addAll(support);
    }
    assertEquals(expectedOutput(texts), run(texts, analyzer::score, 4));
  }

  @Test
  void batchesFinishingOutOfOrderAreStillPrintedInInputOrder() throws IOException {
    List<String> texts = supportTexts();
    // Texts with an even length take many times the work of the others, so batches full of them end
    // after batches submitted later; the output order must not change.
    Function<String, SentimentScore> unevenScorer = text -> {
      SentimentScore score = analyzer.score(text);
      for (int extra = 0; extra < (text.length() % 2 == 0 ? 40 : 0); extra++) {
        assertEquals(score, analyzer.score(text));
      }
      return score;
    };
    assertEquals(expectedOutput(texts), run(texts, unevenScorer, 3));
  }

  @Test
  void oneWorkerGivesTheSameOutput() throws IOException {
    List<String> texts = supportTexts();
    assertEquals(expectedOutput(texts), run(texts, analyzer::score, 1));
  }

  @Test
  void eachInteractiveLineIsAnsweredBeforeTheInputEnds() throws Exception {
    PipedOutputStream typing = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(typing);
    PipedInputStream answers = new PipedInputStream();
    PrintStream stdout = new PrintStream(new PipedOutputStream(answers), false, StandardCharsets.UTF_8);
    // Own threads: the command and the reader of its answers both block on their pipes.
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> command = threads.submit(() -> {
        SentimentCommand.run(stdin, stdout, analyzer::score, 2);
        return null;
      });
      BufferedReader answerLines = new BufferedReader(new InputStreamReader(answers, StandardCharsets.UTF_8));
      try {
        for (String text : List.of("The book was good.", "Today SUX!", "Still waiting for my refund.")) {
          type(typing, text);
          // The input stays open: the answer must come without it ending.
          String answer = threads.submit(answerLines::readLine).get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
          assertEquals(expectedOutput(List.of(text)), answer + "\n", text);
        }
      } finally {
        typing.close();
      }
      command.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } finally {
      threads.shutdownNow();
    }
  }

  private static void type(OutputStream typing, String text) throws IOException {
    typing.write((text + "\n").getBytes(StandardCharsets.UTF_8));
    typing.flush();
  }

  @Test
  void longInputIsReportedOnceAtItsLongInputLineAndShortInputNever() throws IOException {
    AtomicInteger reports = new AtomicInteger();
    AtomicInteger linesAnsweredBefore = new AtomicInteger(-1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Runnable longInput = () -> {
      reports.incrementAndGet();
      linesAnsweredBefore.set(bytes.toString(StandardCharsets.UTF_8).split("\n", -1).length - 1);
    };
    Function<String, SentimentScore> neutral = text -> analyzer.score("");
    String longText = "x\n".repeat(SentimentCommand.LONG_INPUT_LINES * 2);
    try (PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8)) {
      SentimentCommand.run(new ByteArrayInputStream(longText.getBytes(StandardCharsets.UTF_8)), out, neutral, 2,
          longInput);
    }
    assertEquals(1, reports.get());
    assertTrue(linesAnsweredBefore.get() < SentimentCommand.LONG_INPUT_LINES, "reported while reading");

    String shortText = "x\n".repeat(SentimentCommand.LONG_INPUT_LINES - 1);
    try (PrintStream out = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8)) {
      SentimentCommand.run(new ByteArrayInputStream(shortText.getBytes(StandardCharsets.UTF_8)), out, neutral, 2,
          longInput);
    }
    assertEquals(1, reports.get(), "no report for a short input");
  }

  @Test
  void aScoringFailureFailsTheCommand() {
    IllegalStateException failure = new IllegalStateException("scorer broke");
    Function<String, SentimentScore> failing = text -> {
      if (text.equals("break here")) {
        throw failure;
      }
      return analyzer.score(text);
    };
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> run(List.of("fine", "break here", "fine again"), failing, 2));
    assertSame(failure, thrown);
  }
}
