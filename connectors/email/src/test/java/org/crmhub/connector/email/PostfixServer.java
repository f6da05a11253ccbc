package org.crmhub.connector.email;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's Postfix started by the test on a loopback port with its own configuration, queue and
 * data directories in a temp folder (no system-wide configuration, no service manager). It takes
 * mail over SMTP (SMTPUTF8 on) from loopback and delivers it by LMTP into a {@link DovecotServer}
 * for the given domains. Mail for {@link #REFUSING_DOMAIN} is relayed to a second smtpd of the
 * same Postfix that refuses every recipient, so the sender gets a genuine bounce from Postfix's own
 * bounce daemon. Postfix keeps its queue as root, so it runs only when the tests do.
 */
public final class PostfixServer implements AutoCloseable {

  /** Every recipient in this domain is refused by the next hop with {@link #REFUSAL}. */
  public static final String REFUSING_DOMAIN = "refused.example.net";
  public static final String REFUSAL = "User unknown in the recipient table of the refusing relay of this test";
  private static final Path BINARY = Path.of("/usr/sbin/postfix");

  private final ServerProcess process;
  private final int smtpPort;

  private PostfixServer(ServerProcess process, int smtpPort) {
    this.process = process;
    this.smtpPort = smtpPort;
  }

  /** Why Postfix cannot run here, or null when it can. */
  public static String unavailable() {
    if (!Files.isExecutable(BINARY)) {
      return "Debian's postfix is not installed (.ci/run installs it); the real-SMTP tests are skipped";
    }
    return ServerProcess.runningAsRoot() ? null
        : "Postfix keeps its mail queue as root and the tests do not run as root; the real-SMTP tests are skipped";
  }

  /** @param lmtpDomains domains whose mail goes by LMTP to Dovecot */
  public static PostfixServer start(DovecotServer dovecot, List<String> lmtpDomains)
      throws IOException, InterruptedException {
    Path dir = ServerProcess.folder("postfix-test");
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.createDirectories(dir.resolve("queue"));
    Path data = Files.createDirectories(dir.resolve("data"));
    ServerProcess.run("chown", "postfix", data.toString());
    int smtpPort = ServerProcess.freeLoopbackPort();
    int refusingPort = ServerProcess.freeLoopbackPort();
    StringBuilder transports = new StringBuilder();
    for (String domain : lmtpDomains) {
      transports.append(domain).append("=lmtp:inet:127.0.0.1:").append(dovecot.lmtpPort()).append(", ");
    }
    transports.append(REFUSING_DOMAIN).append("=smtp:[127.0.0.1]:").append(refusingPort);
    Files.writeString(config.resolve("main.cf"), String.join("\n",
        "compatibility_level = 3.6",
        "queue_directory = " + dir.resolve("queue"),
        "data_directory = " + data,
        // start-fg logs to its standard output, which ServerProcess keeps in console.log
        "maillog_file = /dev/stdout",
        "myhostname = postfix-test.example",
        "mydestination =",
        "inet_interfaces = 127.0.0.1",
        "inet_protocols = ipv4",
        "mynetworks = 127.0.0.0/8",
        "smtputf8_enable = yes",
        "smtpd_peername_lookup = no",
        "alias_maps =",
        "alias_database =",
        "relay_domains = " + String.join(" ", lmtpDomains) + " " + REFUSING_DOMAIN,
        "transport_maps = inline:{ " + transports + " }",
        "refusing_recipients = check_recipient_access inline:{ { " + REFUSING_DOMAIN + " = 550 5.1.1 " + REFUSAL
            + " } }",
        ""));
    Files.writeString(config.resolve("master.cf"), String.join("\n",
        "127.0.0.1:" + smtpPort + " inet n - n - - smtpd",
        // the refusing next hop; its own name, or Postfix's client takes it for a mail loop
        "127.0.0.1:" + refusingPort + " inet n - n - - smtpd -o smtpd_recipient_restrictions=$refusing_recipients"
            + " -o myhostname=refusing-relay.postfix-test.example",
        "pickup unix n - n 60 1 pickup",
        "cleanup unix n - n - 0 cleanup",
        "qmgr unix n - n 300 1 qmgr",
        "rewrite unix - - n - - trivial-rewrite",
        "bounce unix - - n - 0 bounce",
        "defer unix - - n - 0 bounce",
        "trace unix - - n - 0 bounce",
        "verify unix - - n - 1 verify",
        "flush unix n - n 1000? 0 flush",
        "proxymap unix - - n - - proxymap",
        "smtp unix - - n - - smtp",
        "relay unix - - n - - smtp",
        "error unix - - n - - error",
        "retry unix - - n - - error",
        "discard unix - - n - - discard",
        "lmtp unix - - n - - lmtp",
        "anvil unix - - n - 1 anvil",
        "scache unix - - n - 1 scache",
        "postlog unix-dgram n - n - 1 postlogd",
        ""));
    String configDir = config.toString();
    ServerProcess process = ServerProcess.start("Postfix", dir,
        List.of(BINARY.toString(), "-c", configDir, "start-fg"),
        List.of(BINARY.toString(), "-c", configDir, "stop"), smtpPort, refusingPort);
    return new PostfixServer(process, smtpPort);
  }

  public int smtpPort() {
    return smtpPort;
  }

  /** Where the hub sends replies: plain SMTP on loopback, no login. */
  public String smtpUrl() {
    return "smtp://127.0.0.1:" + smtpPort;
  }

  /** What Postfix logged so far (deliveries, bounces), for failure messages. */
  public String log() throws IOException {
    return Files.readString(process.folder().resolve("console.log"));
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.close();
  }
}
