package org.crmhub.hub.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One Redis Sentinel ({@code redis-server CONF --sentinel}, the same Debian binary) watching the
 * primary named {@link #MASTER_NAME}, quick to call it down (one second) and to fail over.
 */
public final class RedisSentinelProcess implements AutoCloseable {

  public static final String MASTER_NAME = "crmhub";
  private static final long READY_TIMEOUT_MS = 20_000;

  private final int port;
  private final Process process;

  private RedisSentinelProcess(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /** A Sentinel watching the primary on {@code primaryPort}; {@code quorum} Sentinels must agree it is down. */
  public static RedisSentinelProcess start(Path dir, int primaryPort, int quorum) throws IOException {
    Files.createDirectories(dir);
    int port = RedisServerProcess.freePort(false);
    // Sentinel rewrites its configuration file as it learns the topology: one file per Sentinel
    Path conf = dir.resolve("sentinel-" + port + ".conf");
    Files.write(conf, List.of(
        "port " + port,
        "bind 127.0.0.1",
        "dir " + dir,
        "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + primaryPort + " " + quorum,
        "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
        "sentinel failover-timeout " + MASTER_NAME + " 3000",
        "sentinel parallel-syncs " + MASTER_NAME + " 1"));
    Process process = new ProcessBuilder(RedisServerProcess.REDIS_SERVER.toString(), conf.toString(), "--sentinel")
        .redirectErrorStream(true).start();
    RedisSentinelProcess sentinel = new RedisSentinelProcess(port, process);
    try {
      ProcessOutput.awaitLine(process, "+monitor master " + MASTER_NAME, READY_TIMEOUT_MS);
    } catch (IOException e) {
      sentinel.close();
      throw e;
    }
    return sentinel;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    RedisServerProcess.stop(process);
  }
}
