package org.crmhub.hub.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Waits for a line in a child process's output (servers say when they are ready). */
public final class ProcessOutput {

  private ProcessOutput() {}

  /**
   * Reads the process's output until a line matches {@code pattern} and returns the match; the
   * rest of the output is drained in the background so the process never blocks on a full pipe.
   */
  public static Matcher awaitLine(Process process, Pattern pattern, long timeoutMs) throws IOException {
    return awaitLine(process, pattern, timeoutMs, line -> { });
  }

  /** As above, and every line of the output (before and after the match) goes to {@code eachLine}. */
  public static Matcher awaitLine(Process process, Pattern pattern, long timeoutMs, Consumer<String> eachLine)
      throws IOException {
    CompletableFuture<Matcher> seen = new CompletableFuture<>();
    // the last lines say why a server that exits at once did not start (a port taken, a bad setting)
    Deque<String> lastLines = new ArrayDeque<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          eachLine.accept(line);
          if (!seen.isDone()) {
            if (lastLines.size() == 5) {
              lastLines.removeFirst();
            }
            lastLines.addLast(line);
          }
          Matcher matcher = pattern.matcher(line);
          if (!seen.isDone() && matcher.find()) {
            seen.complete(matcher);
          }
        }
        seen.completeExceptionally(new IOException(
            "output ended before a line matched " + pattern + "; it ended with: " + String.join(" | ", lastLines)));
      } catch (IOException e) {
        seen.completeExceptionally(e);
      }
    }, "process-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return seen.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for " + pattern, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("no line matched " + pattern + " in time", e);
    }
  }

  public static void awaitLine(Process process, String contained, long timeoutMs) throws IOException {
    awaitLine(process, Pattern.compile(Pattern.quote(contained)), timeoutMs);
  }
}
