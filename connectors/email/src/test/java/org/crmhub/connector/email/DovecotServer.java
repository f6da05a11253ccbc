package org.crmhub.connector.email;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Dovecot (IMAP with IDLE) started by the test on a loopback port, with its own
 * configuration, runtime and mail directories in a temp folder: nothing system-wide is read or
 * changed, and no service manager is involved. One user, plaintext login (loopback only).
 */
final class DovecotServer implements AutoCloseable {

  static final String USER = "support";
  static final String PASSWORD = "dovecot-test-pw";
  private static final Path BINARY = Path.of("/usr/sbin/dovecot");

  private final Process process;
  private final int port;

  private DovecotServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Why Dovecot cannot run here, or null when it can. */
  static String unavailable() {
    return Files.isExecutable(BINARY) ? null
        : "Debian's dovecot-imapd is not installed (.ci/run installs it); the real-IMAP tests are skipped";
  }

  static DovecotServer start() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("dovecot-test");
    Path mail = Files.createDirectories(dir.resolve("mail"));
    Files.createDirectories(dir.resolve("run"));
    Files.createDirectories(dir.resolve("state"));
    Files.writeString(dir.resolve("users"), USER + ":{PLAIN}" + PASSWORD + "\n");
    // as root, Dovecot will not keep mail as root: it uses the dovecot user the package created
    boolean root = "root".equals(System.getProperty("user.name"));
    String owner = root ? "dovecot" : System.getProperty("user.name");
    if (root) {
      run("chown", "dovecot:dovecot", mail.toString());
      run("chmod", "755", dir.toString());
    }
    int port = freeLoopbackPort();
    Files.writeString(dir.resolve("dovecot.conf"), String.join("\n",
        "protocols = imap",
        "listen = 127.0.0.1",
        "base_dir = " + dir.resolve("run"),
        "state_dir = " + dir.resolve("state"),
        "log_path = " + dir.resolve("dovecot.log"),
        "ssl = no",
        "disable_plaintext_auth = no",
        "auth_mechanisms = plain",
        "first_valid_uid = 1",
        "passdb {", "  driver = passwd-file", "  args = scheme=PLAIN username_format=%u " + dir.resolve("users"), "}",
        "userdb {", "  driver = static", "  args = uid=" + owner + " gid=" + owner + " home=" + mail + "/%u", "}",
        "mail_location = maildir:~/Maildir",
        "service imap-login {",
        "  inet_listener imap {", "    address = 127.0.0.1", "    port = " + port, "  }",
        "  inet_listener imaps {", "    port = 0", "  }",
        "}",
        "service stats {",
        "  unix_listener stats-reader {", "    mode = 0600", "  }",
        "  unix_listener stats-writer {", "    mode = 0600", "  }",
        "}", ""));
    Process process = new ProcessBuilder(BINARY.toString(), "-F", "-c", dir.resolve("dovecot.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("console.log").toFile()).start();
    DovecotServer server = new DovecotServer(process, port);
    server.awaitListening();
    return server;
  }

  int port() {
    return port;
  }

  String imapUrl() {
    return "imap://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/INBOX";
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        // bounded by the deadline: the master process opens its listeners within a second
        process.waitFor(100, TimeUnit.MILLISECONDS);
      }
    }
    close();
    throw new IOException("Dovecot did not listen on 127.0.0.1:" + port);
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of(command)).inheritIO().start();
    if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed");
    }
  }

  /** Ends the master process (SIGTERM); it ends its children itself. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
