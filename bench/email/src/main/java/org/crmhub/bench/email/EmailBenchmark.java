package org.crmhub.bench.email;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.crmhub.connector.email.DovecotServer;
import org.crmhub.hub.Hub;
import org.crmhub.hub.HubConfig;

/**
 * N mails in one mailbox, on GreenMail and then on Debian's Dovecot: for each server, how long a
 * bare IMAP fetch of them takes with Jakarta Mail (one connection, every source fetched whole as the
 * hub fetches a batch), and how long crm-hub takes until all of them are processed into its inbox
 * (read, parsed, accepted, threaded, stored), in the same run on the same machine; prints both
 * rates and their ratio per server. Dovecot is skipped with a message where it is not installed.
 */
public final class EmailBenchmark {

  private static final String MAILBOX = "support@bench.example";
  private static final String LOGIN = "support";
  private static final String PASSWORD = "bench-password";
  private static final long HUB_TIMEOUT_MS = 900_000;

  private EmailBenchmark() {}

  public static void main(String[] args) throws Exception {
    int messages = 5_000;
    for (int i = 0; i < args.length; i++) {
      if ("--messages".equals(args[i]) && i + 1 < args.length) {
        messages = Integer.parseInt(args[++i]);
      } else {
        System.err.println("usage: EmailBenchmark [--messages N]");
        System.exit(2);
      }
    }
    if (messages < 1 || messages > 100_000) {
      System.err.println("--messages must be 1..100000");
      System.exit(2);
    }
    List<String> summary = new ArrayList<>();
    GreenMail greenMail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
    greenMail.start();
    try {
      GreenMailUser user = greenMail.setUser(MAILBOX, LOGIN, PASSWORD);
      for (MimeMessage mail : mails(messages)) {
        user.deliver(mail);
      }
      summary.add(measure("GreenMail", greenMail.getImap().getPort(), LOGIN, PASSWORD, messages));
    } finally {
      greenMail.stop();
    }
    String dovecotMissing = DovecotServer.unavailable();
    if (dovecotMissing != null) {
      summary.add("Dovecot: skipped (" + dovecotMissing + ")");
    } else {
      try (DovecotServer dovecot = DovecotServer.start()) {
        appendOverImap(dovecot.port(), mails(messages));
        summary.add(measure("Dovecot", dovecot.port(), DovecotServer.USER, DovecotServer.PASSWORD, messages));
      }
    }
    System.out.println();
    summary.forEach(System.out::println);
  }

  /** Both rates against one server, printed as they are measured; returns the summary line. */
  private static String measure(String server, int imapPort, String login, String password, int messages)
      throws Exception {
    // once untimed, so the first server's figure does not carry the JVM's warm-up (BODY.PEEK: nothing changes)
    bareFetch(imapPort, login, password);
    long bareStart = System.nanoTime();
    int fetched = bareFetch(imapPort, login, password);
    double bareSeconds = (System.nanoTime() - bareStart) / 1e9;
    if (fetched != messages) {
      throw new IllegalStateException(server + ": the bare fetch saw " + fetched + " of " + messages + " mails");
    }
    Path dataDir = Files.createTempDirectory("crmhub-email-bench");
    Result hub;
    try {
      hub = throughHub(imapPort, login, password, dataDir, messages);
    } finally {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
    double bareRate = messages / bareSeconds;
    double hubRate = hub.rate();
    System.out.printf("email bench: %d mails in one %s mailbox (IMAP on loopback)%n", messages, server);
    System.out.printf("bare IMAP fetch (Jakarta Mail, all sources in one FETCH BODY.PEEK[]): %.2f s, %.0f mails/s%n",
        bareSeconds, bareRate);
    System.out.printf("crm-hub mailbox -> inbox (processed; hub start-up of %.2f s and the %d mails processed"
        + " during it not counted): %d mails in %.2f s, %.0f mails/s%n",
        hub.startSeconds(), messages - hub.timed(), hub.timed(), hub.seconds(), hubRate);
    System.out.printf("ratio crm-hub / bare fetch: %.3f%n", hubRate / bareRate);
    return String.format("%-9s %6d mails: bare fetch %6.0f mails/s, crm-hub %5.0f mails/s, ratio %.3f",
        server, messages, bareRate, hubRate, hubRate / bareRate);
  }

  /** Mails from 200 customers, each a few lines of support text. */
  private static List<MimeMessage> mails(int messages) throws Exception {
    Session session = Session.getInstance(new Properties());
    List<MimeMessage> mails = new ArrayList<>(messages);
    for (int i = 0; i < messages; i++) {
      MimeMessage mail = new MimeMessage(session);
      mail.setFrom(new InternetAddress("customer-" + (i % 200) + "@customers.example"));
      mail.setRecipient(Message.RecipientType.TO, new InternetAddress(MAILBOX));
      mail.setSubject("Order " + (10_000 + i) + " has not arrived", "UTF-8");
      mail.setText("Hello,\n\nmy order " + (10_000 + i) + " has still not arrived and I am waiting for a week now.\n"
          + "Could you please tell me where it is?\n\nThanks,\nCustomer " + (i % 200) + "\n", "UTF-8");
      mail.saveChanges();
      mails.add(mail);
    }
    return mails;
  }

  /** Puts the mails into the Dovecot mailbox's INBOX over IMAP (APPEND), a few hundred per call. */
  private static void appendOverImap(int imapPort, List<MimeMessage> mails) throws Exception {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect("127.0.0.1", imapPort, DovecotServer.USER, DovecotServer.PASSWORD);
    try {
      Folder inbox = store.getFolder("INBOX");
      for (int from = 0; from < mails.size(); from += 500) {
        inbox.appendMessages(mails.subList(from, Math.min(mails.size(), from + 500)).toArray(Message[]::new));
      }
    } finally {
      store.close();
    }
  }

  private static int bareFetch(int imapPort, String login, String password) throws Exception {
    Properties props = new Properties();
    props.put("mail.imap.peek", "true");
    props.put("mail.imap.fetchsize", Integer.toString(1024 * 1024));
    Store store = Session.getInstance(props).getStore("imap");
    store.connect("127.0.0.1", imapPort, login, password);
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      Message[] all = ((UIDFolder) inbox).getMessagesByUID(1, UIDFolder.MAXUID);
      FetchProfile profile = new FetchProfile();
      profile.add(UIDFolder.FetchProfileItem.UID);
      profile.add(FetchProfile.Item.SIZE);
      // the whole source of every mail in one command, as the hub fetches a batch
      profile.add(org.eclipse.angus.mail.imap.IMAPFolder.FetchProfileItem.MESSAGE);
      inbox.fetch(all, profile);
      int count = 0;
      for (Message message : all) {
        ByteArrayOutputStream source = new ByteArrayOutputStream();
        message.writeTo(source);
        if (source.size() > 0) {
          count++;
        }
      }
      inbox.close(false);
      return count;
    } finally {
      store.close();
    }
  }

  /**
   * @param timed the mails processed in the timed part: the mailbox is read from the first moment
   *     of the deployment, so what was processed before it completed is not in the rate
   */
  private record Result(double startSeconds, double seconds, long timed) {
    double rate() {
      return timed / seconds;
    }
  }

  private static Result throughHub(int imapPort, String login, String password, Path dataDir, int messages)
      throws Exception {
    JsonObject email = new JsonObject().put("mailboxes", new JsonArray().add(new JsonObject()
        .put("address", MAILBOX)
        .put("imapUrl", "imap://" + login + ":" + password + "@127.0.0.1:" + imapPort + "/INBOX")
        .put("allowPlaintext", true)
        .put("pollIntervalMs", 200)));
    HubConfig config = HubConfig.fromEnvironment(Map.of(
            "PORT", "0",
            "CRMHUB_HOST", "127.0.0.1",
            "CRMHUB_DATA_DIR", dataDir.toString(),
            "CRMHUB_ADMIN_PASSWORD", "bench-admin-password"))
        .withChannel("email", email);
    Vertx vertx = Vertx.vertx();
    HttpClient http = HttpClient.newHttpClient();
    try {
      Hub hub = new Hub(config);
      long start = System.nanoTime();
      vertx.deployVerticle(hub).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      long ready = System.nanoTime();
      URI metrics = URI.create("http://127.0.0.1:" + hub.port() + "/metrics");
      long duringStartUp = processed(http, metrics);
      long deadline = System.currentTimeMillis() + HUB_TIMEOUT_MS;
      while (processed(http, metrics) < messages) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("the hub did not process every mail within " + HUB_TIMEOUT_MS / 1000 + " s");
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
      long done = System.nanoTime();
      return new Result((ready - start) / 1e9, (done - ready) / 1e9, messages - duringStartUp);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  /**
   * The hub's count of email contacts processed into conversations. The counter carries a channel
   * label, so its sample line is {@code crmhub_contacts_processed_total{channel="email",} N}.
   */
  private static long processed(HttpClient http, URI metrics) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.body().lines()
        .filter(line -> line.startsWith("crmhub_contacts_processed_total{") && line.contains("channel=\"email\""))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim()))
        .findFirst().orElse(0);
  }
}
