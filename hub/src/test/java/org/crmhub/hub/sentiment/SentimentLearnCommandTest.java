package org.crmhub.hub.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sentiment --learn FILE.csv}: learns from the file, then scores stdin as {@code sentiment} does. */
class SentimentLearnCommandTest {

  @TempDir
  Path dir;

  @Test
  void learnsFromTheFileThenScoresEveryLine() throws Exception {
    StringBuilder csv = new StringBuilder("label,text\n");
    for (int i = 0; i < 40; i++) {
      csv.append("negative,\"fantastic, the widget gronked in bay ").append(i).append("\"\n");
      csv.append("positive,\"fantastic crew on flight ").append(i).append(", thank you\"\n");
      csv.append("neutral,which gate does flight ").append(i).append(" leave from\n");
    }
    Path file = Files.writeString(dir.resolve("corrections.csv"), csv);
    String input = "wonderful, my widget gronked\nlovely crew, thank you\n";

    String rulesOut = run(SentimentCommand.scorer(new String[0]), input);
    String learnedOut = run(SentimentCommand.scorer(new String[] {"--learn", file.toString()}), input);

    assertTrue(rulesOut.startsWith("0.5719\tpositive\n"), rulesOut);
    String[] lines = learnedOut.split("\n");
    assertEquals(2, lines.length, learnedOut);
    assertTrue(lines[0].matches("-0\\.\\d{4}\tnegative"), lines[0]);
    assertTrue(lines[1].endsWith("\tpositive"), lines[1]);
  }

  @Test
  void aFileWithOnlyTheHeaderScoresAsTheRules() throws Exception {
    Path file = Files.writeString(dir.resolve("empty.csv"), "label,text\n");
    String input = "Thanks, that fixed it!\nstill waiting for my refund\n";
    assertEquals(run(SentimentCommand.scorer(new String[0]), input),
        run(SentimentCommand.scorer(new String[] {"--learn", file.toString()}), input));
  }

  @Test
  void refusesWhatItCannotUseNamingTheProblem() throws Exception {
    Path badLabel = Files.writeString(dir.resolve("bad.csv"), "label,text\nfurious,where is my parcel\n");
    assertTrue(usageError("--learn", badLabel.toString()).contains("'furious'"));
    assertTrue(usageError("--learn", dir.resolve("missing.csv").toString()).contains("no such file"));
    assertTrue(usageError("--learn").startsWith("usage:"));
    assertTrue(usageError("--teach", "x.csv").startsWith("usage:"));
  }

  private static String usageError(String... args) {
    return assertThrows(SentimentCommand.UsageException.class, () -> SentimentCommand.scorer(args)).getMessage();
  }

  private static String run(Function<String, SentimentScore> scorer, String input) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SentimentCommand.run(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), scorer, 2);
    return out.toString(StandardCharsets.UTF_8);
  }
}
