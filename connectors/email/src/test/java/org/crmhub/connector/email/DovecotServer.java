package org.crmhub.connector.email;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's Dovecot started by the test on loopback ports: IMAP (with IDLE) and LMTP, so a Postfix
 * started by the test can deliver into it. Its own configuration, runtime and mail directories
 * live in a temp folder: nothing system-wide is read or changed, and no service manager is
 * involved. Every user logs in with {@link #PASSWORD} (plaintext, loopback only) and every
 * recipient exists, under its local part: LMTP for {@code ann@customer.example.org} fills the
 * mailbox that {@code ann} reads over IMAP.
 */
public final class DovecotServer implements AutoCloseable {

  public static final String USER = "support";
  public static final String PASSWORD = "dovecot-test-pw";
  private static final Path BINARY = Path.of("/usr/sbin/dovecot");
  private static final Path IMAP = Path.of("/usr/lib/dovecot/imap");
  private static final Path LMTP = Path.of("/usr/lib/dovecot/lmtp");

  private final ServerProcess process;
  private final int imapPort;
  private final int lmtpPort;

  private DovecotServer(ServerProcess process, int imapPort, int lmtpPort) {
    this.process = process;
    this.imapPort = imapPort;
    this.lmtpPort = lmtpPort;
  }

  /** Why Dovecot cannot run here, or null when it can. */
  public static String unavailable() {
    if (!Files.isExecutable(BINARY) || !Files.isExecutable(IMAP)) {
      return "Debian's dovecot-imapd is not installed (.ci/run installs it); the real-IMAP tests are skipped";
    }
    return Files.isExecutable(LMTP) ? null
        : "Debian's dovecot-lmtpd is not installed (.ci/run installs it); the real-IMAP tests are skipped";
  }

  public static DovecotServer start() throws IOException, InterruptedException {
    Path dir = ServerProcess.folder("dovecot-test");
    Path mail = Files.createDirectories(dir.resolve("mail"));
    Files.createDirectories(dir.resolve("run"));
    Files.createDirectories(dir.resolve("state"));
    // as root, Dovecot will not keep mail as root: it uses the dovecot user the package created
    String owner = ServerProcess.runningAsRoot() ? "dovecot" : System.getProperty("user.name");
    if (ServerProcess.runningAsRoot()) {
      ServerProcess.run("chown", "dovecot:dovecot", mail.toString());
    }
    int imapPort = ServerProcess.freeLoopbackPort();
    int lmtpPort = ServerProcess.freeLoopbackPort();
    Files.writeString(dir.resolve("dovecot.conf"), String.join("\n",
        "protocols = imap lmtp",
        "listen = 127.0.0.1",
        "base_dir = " + dir.resolve("run"),
        "state_dir = " + dir.resolve("state"),
        "log_path = " + dir.resolve("dovecot.log"),
        "ssl = no",
        "disable_plaintext_auth = no",
        "auth_mechanisms = plain",
        // user@domain (LMTP) and user (IMAP login) are the same mailbox
        "auth_username_format = %Ln",
        "first_valid_uid = 1",
        "postmaster_address = postmaster@dovecot-test.example",
        "passdb {", "  driver = static", "  args = password=" + PASSWORD, "}",
        "userdb {", "  driver = static",
        "  args = uid=" + owner + " gid=" + owner + " home=" + mail + "/%n allow_all_users=yes", "}",
        "mail_location = maildir:~/Maildir",
        "service imap-login {",
        "  inet_listener imap {", "    address = 127.0.0.1", "    port = " + imapPort, "  }",
        "  inet_listener imaps {", "    port = 0", "  }",
        "}",
        "service lmtp {",
        "  inet_listener lmtp {", "    address = 127.0.0.1", "    port = " + lmtpPort, "  }",
        "  unix_listener lmtp {", "    mode = 0600", "  }",
        "}",
        "service stats {",
        "  unix_listener stats-reader {", "    mode = 0600", "  }",
        "  unix_listener stats-writer {", "    mode = 0600", "  }",
        "}", ""));
    ServerProcess process = ServerProcess.start("Dovecot", dir,
        List.of(BINARY.toString(), "-F", "-c", dir.resolve("dovecot.conf").toString()), List.of(), imapPort, lmtpPort);
    return new DovecotServer(process, imapPort, lmtpPort);
  }

  public int port() {
    return imapPort;
  }

  public int lmtpPort() {
    return lmtpPort;
  }

  /** The IMAP URL of the support mailbox's INBOX, as the hub's settings take it. */
  public String imapUrl() {
    return imapUrl(USER, "INBOX");
  }

  public String imapUrl(String user, String folder) {
    return "imap://" + user + ":" + PASSWORD + "@127.0.0.1:" + imapPort + "/" + folder;
  }

  /** Ends the master process (SIGTERM); it ends its children itself. */
  @Override
  public void close() throws IOException, InterruptedException {
    process.close();
  }
}
