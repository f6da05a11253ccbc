package org.crmhub.hub.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Figures a fault test measures rather than asserts (how many acknowledged contacts a failover
 * lost without replica acknowledgements): printed to the build's output and appended, one line
 * per run, to {@code target/fault-figures/NAME.txt}, so that several runs can be compared. The
 * XML reports have no place for them (the JUnit Platform's report entries do not reach them).
 */
final class FaultFigures {

  private static final Path DIR = Path.of("target", "fault-figures");

  private final String name;
  private final Map<String, Object> figures = new LinkedHashMap<>();

  private FaultFigures(String name) {
    this.name = name;
  }

  /** @param name the file's name, e.g. the test class and method */
  static FaultFigures named(String name) {
    return new FaultFigures(name);
  }

  FaultFigures with(String figure, Object value) {
    figures.put(figure, value);
    return this;
  }

  /** Prints the line and appends it to the file; returns the line. */
  String record() {
    String line = Instant.now() + " " + figures.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    System.out.println("[fault figures] " + name + ": " + line);
    try {
      Files.createDirectories(DIR);
      Files.writeString(DIR.resolve(name + ".txt"), line + System.lineSeparator(),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return line;
  }
}
