package org.crmhub.hub.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crmhub.hub.HugeMethodCompilation;
import org.crmhub.hub.testing.ProcessOutput;
import org.crmhub.hub.testing.Signals;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;

/** The packaged hub ({@code target/crm-hub.jar}) as a child process a fault test can kill or freeze. */
final class HubProcess implements AutoCloseable {

  private static final Path JAR = Path.of("target", "crm-hub.jar");
  private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+) as (\\S+)");

  private final Process process;
  private final int port;
  private final String hubId;
  private final List<String> warnings;

  private HubProcess(Process process, int port, String hubId, List<String> warnings) {
    this.process = process;
    this.port = port;
    this.hubId = hubId;
    this.warnings = warnings;
  }

  /** @param redisUrl null: the hub starts its embedded Redis (in {@code CRMHUB_DATA_DIR}, when given) */
  static HubProcess start(String redisUrl, Map<String, String> extraEnvironment) throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " is missing: fault tests run after the package phase");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    // its temporary files (Vert.x's file cache) go where the test run cleans up: a killed hub leaves them
    String tmpdir = "-Djava.io.tmpdir=" + TestDirectories.create("hub-process-tmp");
    ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m", tmpdir, HugeMethodCompilation.FLAG, "-jar",
            JAR.toString()))
        .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("PORT", "0");
    env.put("CRMHUB_HOST", "127.0.0.1");
    if (redisUrl != null) {
      env.put("REDIS_URL", redisUrl);
    }
    env.put("CRMHUB_DATA_DIR", TestDirectories.create("hub-process").toString());
    env.put("CRMHUB_ADMIN_PASSWORD", TestHub.ADMIN_PASSWORD);
    env.put("CRMHUB_BOOTSTRAP_API_KEY", TestHub.API_KEY);
    env.put("PORTAL_ENABLED", "false");
    env.putAll(extraEnvironment);
    Process process = builder.start();
    try {
      List<String> warnings = new CopyOnWriteArrayList<>();
      // the whole log goes to target/ for a failed run to be read afterwards
      Path log = Files.createDirectories(Path.of("target", "hub-processes"))
          .resolve("hub-" + process.pid() + ".log");
      java.io.Writer writer = Files.newBufferedWriter(log);
      Matcher listening = ProcessOutput.awaitLine(process, LISTENING, 60_000, line -> {
        if (line.contains("WARN") || line.contains("ERROR")) {
          warnings.add(line);
        }
        try {
          writer.write(line);
          writer.write('\n');
          writer.flush();
        } catch (java.io.IOException e) {
          // the log is a debugging aid; the test goes on without it
        }
      });
      return new HubProcess(process, Integer.parseInt(listening.group(1)), listening.group(2), warnings);
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  int port() {
    return port;
  }

  /** The id this hub's leases and claims carry in Redis. */
  String hubId() {
    return hubId;
  }

  /** SIGSTOP: the process keeps its sockets and state but runs no code until {@link #resume()}. */
  void freeze() {
    Signals.send("STOP", process.pid());
  }

  /** SIGCONT after {@link #freeze()}. */
  void resume() {
    Signals.send("CONT", process.pid());
  }

  /** The WARN and ERROR lines the hub logged so far. */
  List<String> warnings() {
    return List.copyOf(warnings);
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no graceful stop. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, as a service manager stops it; true when the hub ended within 20 s. */
  boolean terminate() throws InterruptedException {
    process.destroy();
    return process.waitFor(20, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      // a frozen hub acts on SIGTERM only once it is continued
      resume();
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
