package org.crmhub.hub.sentiment;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * For the sentiment command, a run of a few seconds: asks HotSpot to compile the scorer's own
 * classes with its quick compiler (C1) only, never with the optimising one (C2), through the
 * documented diagnostic command {@code Compiler.directives_add} (what {@code jcmd PID
 * Compiler.directives_add FILE} does), with the directives in {@link #DIRECTIVES_RESOURCE}.
 *
 * <p>Why: the scoring rules are a lot of code, and C2 compiles them for about as much CPU time as
 * scoring 210,000 tweets takes (measured: 2.85 s of C2 time for 3.2 s of scoring; with the scorer
 * left to C1 the whole command used 4.0-4.4 s of user CPU time instead of 5.6-6.8 s, see
 * bench/README.md). On a
 * machine with few cores that compiler thread takes a core away from scoring for most of the run.
 * C2's faster code would only pay that back on inputs many times longer. The hub server does not use
 * this: it runs for days, where C2 pays.
 *
 * <p>Only a performance hint: on a JVM without the command, or if anything fails, it does nothing,
 * and the scores are the same either way (Java's floating point does not depend on the compiler).
 */
final class ShortRunCompilation {

  static final String DIRECTIVES_RESOURCE = "/sentiment/command-compiler-directives.json";
  private static final String DIAGNOSTIC_COMMAND_MBEAN = "com.sun.management:type=DiagnosticCommand";

  /** How long the command waits at its end for the directives thread to remove its file. */
  private static final long FINISH_MILLIS = 5_000;

  private Thread thread;

  /**
   * Adds the directives on a daemon thread (the first call only), so that starting the management
   * beans (about 0.2 s of CPU time) overlaps scoring; methods C2 compiled before then stay compiled,
   * those still queued for it are left to C1.
   */
  synchronized void start() {
    if (thread == null) {
      thread = new Thread(ShortRunCompilation::apply, "sentiment-compiler-directives");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /**
   * Waits (boundedly) for the thread {@link #start()} started, if any, so that a short run does not
   * end the JVM while the thread's temporary file still exists.
   */
  void finish() {
    Thread started;
    synchronized (this) {
      started = thread;
    }
    if (started == null) {
      return;
    }
    try {
      started.join(FINISH_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Adds the directives to this JVM's compiler; false when that was not possible. */
  static boolean apply() {
    Path file = null;
    try (InputStream directives = ShortRunCompilation.class.getResourceAsStream(DIRECTIVES_RESOURCE)) {
      if (directives == null) {
        return false;
      }
      // The diagnostic command reads directives from a file only.
      file = Files.createTempFile("crmhub-sentiment-directives", ".json");
      // Also removed if the command exits on an error before this thread is done.
      file.toFile().deleteOnExit();
      Files.write(file, directives.readAllBytes());
      Object added = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(DIAGNOSTIC_COMMAND_MBEAN),
          "compilerDirectivesAdd", new Object[] {new String[] {file.toString()}},
          new String[] {String[].class.getName()});
      // The command answers "1 compiler directives added", or explains what it could not parse.
      return String.valueOf(added).contains("added");
    } catch (IOException | JMException | RuntimeException | LinkageError e) {
      return false; // a JVM without the command scores just as well, only with its default compilers
    } finally {
      deleteQuietly(file);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // A leftover file in the temporary folder is harmless; the scores are written either way.
      }
    }
  }
}
