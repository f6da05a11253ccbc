package org.crmhub.hub.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A three-primary Redis Cluster on loopback, from the machine's {@code redis-server} and
 * {@code redis-cli} (Debian's redis-server package; {@code .ci/run} installs it), each node with AOF
 * {@code appendfsync always} like the hub's embedded default.
 */
final class RedisClusterProcesses implements AutoCloseable {

  private static final Path REDIS_CLI = Path.of("/usr/bin/redis-cli");
  private static final int NODES = 3;
  private static final long READY_TIMEOUT_MS = 20_000;

  private final List<RedisServerProcess> nodes;

  private RedisClusterProcesses(List<RedisServerProcess> nodes) {
    this.nodes = nodes;
  }

  static boolean available() {
    return RedisServerProcess.available() && Files.isExecutable(REDIS_CLI);
  }

  static RedisClusterProcesses start(Path dir) throws IOException, InterruptedException {
    List<RedisServerProcess> nodes = new ArrayList<>();
    RedisClusterProcesses cluster = new RedisClusterProcesses(nodes);
    try {
      for (int i = 0; i < NODES; i++) {
        nodes.add(RedisServerProcess.start(dir.resolve("node-" + i), true));
      }
      List<String> create = new ArrayList<>(List.of("--cluster", "create"));
      nodes.forEach(node -> create.add("127.0.0.1:" + node.port()));
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      String created = cli(create);
      if (!created.contains("All 16384 slots covered")) {
        throw new IOException("redis-cli --cluster create failed: " + created);
      }
      for (RedisServerProcess node : nodes) {
        // redis-cli repeats the command every 50 ms (at most 400 times); read until the state is ok
        Process watch = new ProcessBuilder(REDIS_CLI.toString(), "-p", Integer.toString(node.port()),
            "-r", "400", "-i", "0.05", "cluster", "info").redirectErrorStream(true).start();
        try {
          ProcessOutput.awaitLine(watch, "cluster_state:ok", READY_TIMEOUT_MS);
        } finally {
          watch.destroy();
        }
      }
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  String url() {
    return "redis-cluster://" + nodes.stream().map(node -> "127.0.0.1:" + node.port()).collect(Collectors.joining(","));
  }

  private static String cli(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(REDIS_CLI.toString());
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("redis-cli " + String.join(" ", args) + " did not finish");
    }
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    nodes.forEach(RedisServerProcess::close);
  }
}
