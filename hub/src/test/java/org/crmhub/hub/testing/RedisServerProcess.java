package org.crmhub.hub.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code redis-server} from the machine's Debian package, with AOF {@code appendfsync always}
 * like the hub's embedded default, that a fault test can kill with SIGKILL, freeze with SIGSTOP
 * and start again on the same port and data.
 */
public final class RedisServerProcess implements AutoCloseable {

  static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");
  private static final long READY_TIMEOUT_MS = 20_000;
  private static final int START_ATTEMPTS = 3;

  private final Path dir;
  private final int port;
  private final boolean clusterNode;
  private final List<String> extraArguments;
  private Process process;

  private RedisServerProcess(Path dir, int port, boolean clusterNode, List<String> extraArguments) {
    this.dir = dir;
    this.port = port;
    this.clusterNode = clusterNode;
    this.extraArguments = List.copyOf(extraArguments);
  }

  public static boolean available() {
    return Files.isExecutable(REDIS_SERVER);
  }

  public static RedisServerProcess start(Path dir, boolean clusterNode) throws IOException {
    return start(dir, clusterNode, List.of());
  }

  /** A replica of the server on {@code primaryPort} (it starts copying in the background). */
  public static RedisServerProcess startReplicaOf(Path dir, int primaryPort) throws IOException {
    return start(dir, false, List.of("--replicaof", "127.0.0.1", Integer.toString(primaryPort)));
  }

  private static RedisServerProcess start(Path dir, boolean clusterNode, List<String> extraArguments)
      throws IOException {
    Files.createDirectories(dir);
    // a free port can be taken by another process between our probe and redis-server's bind
    // (the suite runs two forks and many servers): a server that exits at start gets a new port
    IOException lastFailure = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      RedisServerProcess server = new RedisServerProcess(dir, freePort(clusterNode), clusterNode, extraArguments);
      try {
        server.restart();
        return server;
      } catch (IOException e) {
        server.close();
        lastFailure = e;
      }
    }
    throw lastFailure;
  }

  /** Starts (again) on the same port with the same data. */
  public void restart() throws IOException {
    List<String> command = new ArrayList<>(List.of(REDIS_SERVER.toString(),
        "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
        "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--protected-mode", "yes",
        // a replica back after a failover is synced at once, not after the default five seconds
        // spent waiting for more replicas to share the transfer
        "--repl-diskless-sync-delay", "0"));
    if (clusterNode) {
      command.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
          "--cluster-node-timeout", "2000"));
    }
    command.addAll(extraArguments);
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
    ProcessOutput.awaitLine(process, "Ready to accept connections", READY_TIMEOUT_MS);
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown, no final fsync beyond what AOF always did already. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    if (process == null || !process.isAlive()) {
      return;
    }
    // a frozen (SIGSTOP) server acts on SIGTERM only once it is continued
    Signals.send("CONT", process.pid());
    stop(process);
  }

  /** SIGTERM, and SIGKILL when the process has not exited ten seconds later. */
  static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /**
   * A free port; for a cluster node one whose bus port (10,000 higher) is free too: Redis refuses
   * a node port above 55535.
   */
  static int freePort(boolean clusterNode) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      if (!clusterNode || (port <= 55_535 && isFree(port + 10_000))) {
        return port;
      }
    }
    throw new IOException("no free port (with a free cluster bus port) in 50 tries");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
