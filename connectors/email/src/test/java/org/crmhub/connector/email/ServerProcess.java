package org.crmhub.connector.email;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server daemon from the OS packages started by a test: its own temp folder, free loopback
 * ports, waiting until it listens, and stopping it (and what it started) again. What Dovecot and
 * Postfix have in common; each knows only its own configuration.
 */
final class ServerProcess implements AutoCloseable {

  private static final long LISTEN_TIMEOUT_SECONDS = 15;
  private static final long STOP_TIMEOUT_SECONDS = 10;

  private final String name;
  private final Path folder;
  private final Process process;
  private final List<String> stopCommand;

  private ServerProcess(String name, Path folder, Process process, List<String> stopCommand) {
    this.name = name;
    this.folder = folder;
    this.process = process;
    this.stopCommand = stopCommand;
  }

  static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** A fresh temp folder the daemon's unprivileged users may enter. */
  static Path folder(String prefix) throws IOException, InterruptedException {
    Path folder = Files.createTempDirectory(prefix);
    run("chmod", "755", folder.toString());
    return folder;
  }

  static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Runs a short set-up command to its end (bounded), failing on a non-zero exit. */
  static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }

  /**
   * Starts {@code command} with its output in {@code console.log} of the folder and waits until
   * every port accepts connections.
   *
   * @param stopCommand how the daemon is asked to stop; empty: SIGTERM to the started process
   */
  static ServerProcess start(String name, Path folder, List<String> command, List<String> stopCommand,
      int... ports) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
        .redirectOutput(folder.resolve("console.log").toFile()).start();
    ServerProcess server = new ServerProcess(name, folder, process, stopCommand);
    for (int port : ports) {
      server.awaitListening(port);
    }
    return server;
  }

  Path folder() {
    return folder;
  }

  private void awaitListening(int port) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LISTEN_TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        // bounded by the deadline: a daemon opens its listeners within a second or two
        process.waitFor(100, TimeUnit.MILLISECONDS);
      }
    }
    String console = Files.readString(folder.resolve("console.log"));
    close();
    throw new IOException(name + " did not listen on 127.0.0.1:" + port + "; its output:\n" + console);
  }

  /** Stops the daemon and the processes it started, then deletes its folder. */
  @Override
  public void close() throws IOException, InterruptedException {
    List<ProcessHandle> started = process.descendants().toList();
    if (stopCommand.isEmpty()) {
      process.destroy();
    } else {
      new ProcessBuilder(stopCommand).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("console.log").toFile())).start()
          .waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    for (ProcessHandle child : started) {
      child.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
