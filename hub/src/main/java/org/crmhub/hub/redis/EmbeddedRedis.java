package org.crmhub.hub.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A redis-server child process for the zero-install default. Every write is fsynced to the
 * append-only file before Redis answers, so an acknowledged contact survives a crash.
 * Blocking: call from a worker thread.
 */
public final class EmbeddedRedis {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
  private static final String PID_FILE = "redis.pid";

  private final RedisServer server;
  private final int port;

  private EmbeddedRedis(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  public static EmbeddedRedis start(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    stopOrphan(dataDir.resolve(PID_FILE));
    int port = freeLoopbackPort();
    RedisServer server = RedisServer.newRedisServer()
        .bind("127.0.0.1")
        .port(port)
        .setting("dir " + dataDir.toAbsolutePath())
        .setting("pidfile " + dataDir.resolve(PID_FILE).toAbsolutePath())
        .setting("appendonly yes")
        .setting("appendfsync always")
        .setting("save \"\"")
        .setting("protected-mode yes")
        .setting("maxmemory-policy noeviction")
        // an entry deleted from a stream (an erased customer's event) stays in its node, and in the
        // files Redis writes, until every entry of that node is deleted: one entry a node frees it at once
        .setting("stream-node-max-entries 1")
        .onShutdownForceStop(true)
        .build();
    server.start();
    LOG.info("embedded Redis on 127.0.0.1:{}, data in {}", port, dataDir);
    return new EmbeddedRedis(server, port);
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public void stop() throws IOException {
    server.stop();
  }

  /** A hub killed with -9 leaves its redis-server running on the same files; end it first. */
  private static void stopOrphan(Path pidFile) throws IOException {
    if (!Files.exists(pidFile)) {
      return;
    }
    String text = Files.readString(pidFile).trim();
    try {
      Optional<ProcessHandle> redis = ProcessHandle.of(Long.parseLong(text))
          .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false));
      if (redis.isEmpty()) {
        return;
      }
      ProcessHandle orphan = redis.get();
      Optional<ProcessHandle> owner = orphan.parent().filter(p -> p.pid() != 1 && p.isAlive());
      if (owner.isPresent()) {
        throw new IOException("data dir " + pidFile.getParent() + " is in use by another running hub (pid "
            + owner.get().pid() + "); give each hub its own CRMHUB_DATA_DIR or share a REDIS_URL");
      }
      LOG.warn("stopping orphaned embedded Redis, pid {}", orphan.pid());
      orphan.destroy();
      orphan.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
    } catch (NumberFormatException e) {
      LOG.warn("ignoring unreadable {}", pidFile);
    }
    Files.deleteIfExists(pidFile);
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
