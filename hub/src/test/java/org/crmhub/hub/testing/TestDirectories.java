package org.crmhub.hub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Temporary directories for tests (hub data, Redis files, blob stores), deleted with everything in
 * them when the test JVM exits: a whole build leaves about 150 MB of Redis files and indexes
 * behind otherwise, and every run on a developer's machine adds its own.
 */
public final class TestDirectories {

  private static final List<Path> CREATED = new ArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(TestDirectories::deleteAll, "test-directories-cleanup"));
  }

  private TestDirectories() {}

  /** A new empty directory under the system's temporary directory, named {@code prefix} and a number. */
  public static Path create(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    synchronized (CREATED) {
      CREATED.add(dir);
    }
    return dir;
  }

  private static void deleteAll() {
    List<Path> dirs;
    synchronized (CREATED) {
      dirs = List.copyOf(CREATED);
    }
    for (Path dir : dirs) {
      try {
        deleteTree(dir);
      } catch (IOException | UncheckedIOException leftBehind) {
        // a process of the test may still be writing into it; what is left is only disk space
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(dir)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.delete(path);
        } catch (NoSuchFileException gone) {
          // removed meanwhile (a server's own temporary file)
        }
      }
    }
  }
}
