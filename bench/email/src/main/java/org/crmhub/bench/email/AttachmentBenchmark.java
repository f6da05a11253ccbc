package org.crmhub.bench.email;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.activation.DataHandler;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.crmhub.connector.email.DovecotServer;
import org.crmhub.hub.Hub;
import org.crmhub.hub.HubConfig;

/**
 * Large attachments against one hub (embedded Redis, AOF always, its default attachment store) reading
 * a Dovecot mailbox, in one run:
 * <ol>
 *   <li>mailbox -> inbox latency of mails with one large attachment, one at a time, against a bare
 *       IMAP fetch of the same mail;</li>
 *   <li>Redis memory per mail with a 1 MB attachment;</li>
 *   <li>accept -> visible of small API contacts at an even rate, alone and then while large mails
 *       arrive in parallel.</li>
 * </ol>
 * Run it against two builds ({@code CRMHUB_JAR}) to compare where attachments live.
 */
public final class AttachmentBenchmark {

  private static final String MAILBOX = "support@bench.example";
  private static final String API_KEY = "bench-attachments-" + Long.toHexString(new SplittableRandom().nextLong());
  private static final int MEGABYTE = 1024 * 1024;
  private static final Duration VISIBLE_LIMIT = Duration.ofSeconds(60);
  private static final String[] TEXTS = {
      "My order has not arrived yet, can you check?", "Thanks, that solved it!",
      "I was charged twice for the same invoice.", "How do I change the address on my account?"};

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final SplittableRandom random = new SplittableRandom(20261206);
  private final int imapPort;
  private final AtomicInteger mailNumber = new AtomicInteger();
  /** Numbers every small contact of the run, so no phase repeats another's external ids. */
  private final AtomicInteger contactNumber = new AtomicInteger();
  private int hubPort;

  private AttachmentBenchmark(int imapPort) {
    this.imapPort = imapPort;
  }

  public static void main(String[] args) throws Exception {
    Map<String, Integer> options = options(args);
    String missing = DovecotServer.unavailable();
    if (missing != null) {
      System.err.println("bench/attachments: " + missing);
      System.exit(1);
    }
    Path dataDir = Files.createTempDirectory("crmhub-attachment-bench");
    Vertx vertx = Vertx.vertx();
    try (DovecotServer dovecot = DovecotServer.start()) {
      AttachmentBenchmark bench = new AttachmentBenchmark(dovecot.port());
      try {
        Hub hub = new Hub(bench.config(dataDir));
        vertx.deployVerticle(hub).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        bench.hubPort = hub.port();
        bench.run(options, dataDir);
      } finally {
        // the hub first: it reads the mailbox until it stops
        vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static Map<String, Integer> options(String[] args) {
    Map<String, Integer> options = new HashMap<>(Map.of(
        "--large-mb", 10, "--large-mails", 10, "--rate", 50, "--seconds", 20, "--large-every-ms", 1000,
        "--memory-mails", 50));
    for (int i = 0; i < args.length; i += 2) {
      if (!options.containsKey(args[i]) || i + 1 >= args.length) {
        System.err.println("usage: AttachmentBenchmark " + String.join(" N ", options.keySet()) + " N");
        System.exit(2);
      }
      options.put(args[i], Integer.parseInt(args[i + 1]));
    }
    return options;
  }

  private HubConfig config(Path dataDir) {
    JsonObject email = new JsonObject().put("mailboxes", new JsonArray().add(new JsonObject()
        .put("address", MAILBOX)
        .put("imapUrl", "imap://" + DovecotServer.USER + ":" + DovecotServer.PASSWORD + "@127.0.0.1:" + imapPort + "/INBOX")
        .put("allowPlaintext", true)
        .put("pollIntervalMs", 200)));
    return HubConfig.fromEnvironment(Map.of(
            "PORT", "0",
            "CRMHUB_HOST", "127.0.0.1",
            "CRMHUB_DATA_DIR", dataDir.toString(),
            "CRMHUB_ADMIN_PASSWORD", "bench-admin-password",
            "CRMHUB_BOOTSTRAP_API_KEY", API_KEY,
            "PORTAL_ENABLED", "false"))
        .withChannel("email", email);
  }

  private void run(Map<String, Integer> options, Path dataDir) throws Exception {
    int largeBytes = options.get("--large-mb") * MEGABYTE;
    try (EventWatch events = new EventWatch(http, hubPort, API_KEY)) {
      System.out.println("warming up: 10 s of small contacts and 3 large mails, not counted");
      smallContacts(events, options.get("--rate"), 10, 0, largeBytes);
      for (int i = 0; i < 3; i++) {
        mailLatency(events, largeBytes);
      }

      List<Double> hubMs = new ArrayList<>();
      List<Double> bareMs = new ArrayList<>();
      for (int i = 0; i < options.get("--large-mails"); i++) {
        MailTimes times = mailLatency(events, largeBytes);
        hubMs.add(times.hubMs());
        bareMs.add(times.bareFetchMs());
      }
      System.out.printf("%n%d mails with one %d MB attachment, one at a time (IMAP APPEND done -> message.created over SSE):%n",
          hubMs.size(), largeBytes / MEGABYTE);
      System.out.printf("  crm-hub mailbox -> inbox  p50 %8.1f ms  max %8.1f ms%n", percentile(hubMs, 50), percentile(hubMs, 100));
      System.out.printf("  bare IMAP fetch of it     p50 %8.1f ms  max %8.1f ms%n", percentile(bareMs, 50), percentile(bareMs, 100));
      System.out.printf("  ratio crm-hub / bare fetch (p50): %.2f%n", percentile(hubMs, 50) / percentile(bareMs, 50));

      redisMemoryPerMail(events, dataDir, options.get("--memory-mails"));

      int rate = options.get("--rate");
      int seconds = options.get("--seconds");
      Latencies alone = smallContacts(events, rate, seconds, 0, largeBytes);
      Latencies withLarge = smallContacts(events, rate, seconds, options.get("--large-every-ms"), largeBytes);
      System.out.printf("%nsmall API contacts at an even %d/s for %d s (202 received -> message.created over SSE):%n", rate, seconds);
      alone.print("alone");
      withLarge.print(String.format("while a %d MB mail arrives every %d ms", largeBytes / MEGABYTE,
          options.get("--large-every-ms")));
      System.out.printf("  ratio p99 with large mails / alone: %.2f%n", withLarge.p99() / alone.p99());
    }
  }

  private record MailTimes(double hubMs, double bareFetchMs) {}

  /** One mail with a large attachment: appended, then waited for; then the same mail fetched bare. */
  private MailTimes mailLatency(EventWatch events, int attachmentBytes) throws Exception {
    String subject = nextSubject();
    byte[] mail = largeMail(subject, attachmentBytes);
    long appended = append(mail);
    Long visible = events.awaitSubject(subject, VISIBLE_LIMIT);
    if (visible == null) {
      throw new IllegalStateException("the mail '" + subject + "' was not visible within " + VISIBLE_LIMIT);
    }
    long fetchStart = System.nanoTime();
    int fetched = bareFetchNewest();
    double bareMs = (System.nanoTime() - fetchStart) / 1e6;
    if (fetched < mail.length / 2) {
      throw new IllegalStateException("the bare fetch read " + fetched + " bytes of a mail of " + mail.length);
    }
    return new MailTimes((visible - appended) / 1e6, bareMs);
  }

  private String nextSubject() {
    return "Large attachment " + mailNumber.incrementAndGet() + " " + Long.toHexString(random.nextLong());
  }

  /**
   * What Redis holds for N mails with a 1 MB attachment each: {@code used_memory} before and after
   * (the message, its share of its conversation, events and indexes, and the attachment), and exactly
   * what the attachments' records take ({@code MEMORY USAGE} of every {@code crm:attachment:*} key):
   * metadata only, or with the content stored in Redis.
   */
  private void redisMemoryPerMail(EventWatch events, Path dataDir, int mails) throws Exception {
    RedisInfo redis = RedisInfo.ofEmbedded(dataDir);
    if (redis == null) {
      System.out.println("\nRedis memory per mail: n/a (the embedded Redis was not found)");
      return;
    }
    try (redis) {
      Set<String> recordsBefore = redis.keys("crm:attachment:*");
      long before = redis.usedMemory();
      List<String> subjects = new ArrayList<>();
      for (int i = 0; i < mails; i++) {
        String subject = nextSubject();
        subjects.add(subject);
        append(largeMail(subject, MEGABYTE));
      }
      for (String subject : subjects) {
        if (events.awaitSubject(subject, VISIBLE_LIMIT) == null) {
          throw new IllegalStateException("the mail '" + subject + "' was not visible within " + VISIBLE_LIMIT);
        }
      }
      long after = redis.usedMemory();
      Set<String> added = redis.keys("crm:attachment:*");
      added.removeAll(recordsBefore);
      RedisInfo.KeySizes records = redis.sizes(added);
      System.out.printf("%nRedis memory with %d mails of one 1 MB attachment each:%n", mails);
      System.out.printf("  used_memory per mail (message, conversation, events, attachment): %.0f bytes%n",
          (after - before) / (double) mails);
      System.out.printf("  the record of each of these attachments (MEMORY USAGE, mean of %d): %.0f bytes%n",
          records.keys(), records.bytes() / (double) Math.max(1, records.keys()));
    }
  }

  private record Latencies(List<Double> millis, int sent, int accepted, int largeMails) {
    double p99() {
      return percentile(millis, 99);
    }

    void print(String label) {
      System.out.printf("  %-44s p50 %6.1f ms  p99 %6.1f ms  max %7.1f ms  (%d sent, %d accepted, %d visible%s)%n",
          label, percentile(millis, 50), p99(), percentile(millis, 100), sent, accepted, millis.size(),
          largeMails > 0 ? ", " + largeMails + " large mails" : "");
    }
  }

  /**
   * Small contacts sent at an even rate (contact i at i / rate s, open loop), and, when
   * {@code largeEveryMs} > 0, a large mail appended every that many ms meanwhile.
   */
  private Latencies smallContacts(EventWatch events, int rate, int seconds, int largeEveryMs, int largeBytes)
      throws Exception {
    Map<String, Long> accepted = new ConcurrentHashMap<>();
    AtomicInteger sent = new AtomicInteger();
    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicInteger largeMails = new AtomicInteger();
    AtomicInteger unanswered = new AtomicInteger();
    ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
    try {
      long periodNanos = 1_000_000_000L / rate;
      clock.scheduleAtFixedRate(() -> {
        if (loading.get()) {
          sent.incrementAndGet();
          sendContact(contactNumber.getAndIncrement(), accepted, unanswered);
        }
      }, 0, periodNanos, TimeUnit.NANOSECONDS);
      if (largeEveryMs > 0) {
        clock.scheduleWithFixedDelay(() -> {
          try {
            if (loading.get()) {
              append(largeMail(nextSubject(), largeBytes));
              largeMails.incrementAndGet();
            }
          } catch (Exception e) {
            System.err.println("appending a large mail failed: " + e);
          }
        }, largeEveryMs / 2, largeEveryMs, TimeUnit.MILLISECONDS);
      }
      TimeUnit.SECONDS.sleep(seconds);
      loading.set(false);
    } finally {
      clock.shutdown();
      clock.awaitTermination(60, TimeUnit.SECONDS);
    }
    long deadline = System.nanoTime() + VISIBLE_LIMIT.toNanos();
    // every answer first: a 202 still on its way is a contact the wait below would not know of
    while (System.nanoTime() < deadline && (unanswered.get() > 0
        || accepted.keySet().stream().anyMatch(id -> events.visible(id) == null))) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    List<Double> millis = new ArrayList<>();
    accepted.forEach((id, at) -> {
      Long visible = events.visible(id);
      // one never seen counts as later than any other
      millis.add(visible == null ? Double.POSITIVE_INFINITY : (visible - at) / 1e6);
    });
    return new Latencies(millis, sent.get(), accepted.size(), largeMails.get());
  }

  private void sendContact(int n, Map<String, Long> accepted, AtomicInteger unanswered) {
    int customer = n % 1000;
    String body = new JsonObject()
        .put("channel", "api")
        .put("externalId", "attachment-bench-" + API_KEY + "-" + n)
        .put("from", new JsonObject().put("email", "user" + customer + "@example.com").put("name", "User " + customer))
        .put("text", TEXTS[n % TEXTS.length])
        .encode();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hubPort + "/api/v1/inbound/contacts"))
        .header("authorization", "Bearer " + API_KEY)
        .header("content-type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    unanswered.incrementAndGet();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
      long now = System.nanoTime();
      if (response != null && response.statusCode() == 202) {
        accepted.put(new JsonObject(response.body()).getString("contactId"), now);
      }
      unanswered.decrementAndGet();
    });
  }

  /**
   * A mail from a customer with some text and, unless {@code attachmentBytes} is 0, one attachment of
   * random bytes (so none is stored twice).
   */
  private byte[] largeMail(String subject, int attachmentBytes) throws Exception {
    MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()));
    mail.setFrom(new InternetAddress("customer-" + mailNumber.get() % 50 + "@customers.example"));
    mail.setRecipient(Message.RecipientType.TO, new InternetAddress(MAILBOX));
    mail.setSubject(subject, "UTF-8");
    MimeBodyPart text = new MimeBodyPart();
    text.setText("Hello,\n\nthe scan of the damaged parcel is attached.\n\nThanks\n", "UTF-8");
    MimeMultipart parts = new MimeMultipart(text);
    if (attachmentBytes > 0) {
      MimeBodyPart attachment = new MimeBodyPart();
      attachment.setDataHandler(new DataHandler(
          new ByteArrayDataSource(randomBytes(attachmentBytes), "application/pdf")));
      attachment.setFileName("scan.pdf");
      parts.addBodyPart(attachment);
    }
    mail.setContent(parts);
    mail.saveChanges();
    ByteArrayOutputStream source = new ByteArrayOutputStream(attachmentBytes * 4 / 3 + 4096);
    mail.writeTo(source);
    return source.toByteArray();
  }

  private byte[] randomBytes(int size) {
    byte[] content = new byte[size];
    synchronized (random) {
      for (int i = 0; i < content.length; i += 8) {
        long bits = random.nextLong();
        for (int b = 0; b < 8 && i + b < content.length; b++) {
          content[i + b] = (byte) (bits >>> (8 * b));
        }
      }
    }
    return content;
  }

  /** IMAP APPEND of one mail; returns when the server confirmed it (monotonic clock). */
  private long append(byte[] source) throws Exception {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect("127.0.0.1", imapPort, DovecotServer.USER, DovecotServer.PASSWORD);
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.appendMessages(new Message[] {
          new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(source))});
      return System.nanoTime();
    } finally {
      store.close();
    }
  }

  /** The newest mail's whole source, fetched with the library the hub uses; returns its size. */
  private int bareFetchNewest() throws Exception {
    Properties props = new Properties();
    props.put("mail.imap.peek", "true");
    props.put("mail.imap.fetchsize", Integer.toString(MEGABYTE));
    Store store = Session.getInstance(props).getStore("imap");
    store.connect("127.0.0.1", imapPort, DovecotServer.USER, DovecotServer.PASSWORD);
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      Message newest = ((UIDFolder) inbox).getMessageByUID(((UIDFolder) inbox).getUIDNext() - 1);
      ByteArrayOutputStream source = new ByteArrayOutputStream();
      newest.writeTo(source);
      inbox.close(false);
      return source.size();
    } finally {
      store.close();
    }
  }

  static double percentile(List<Double> values, int percent) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  /** The hub's embedded Redis, found by the pid file it keeps in the data dir, read with Lettuce. */
  private static final class RedisInfo implements AutoCloseable {

    record KeySizes(long keys, long bytes) {}

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private RedisInfo(int port) {
      client = RedisClient.create("redis://127.0.0.1:" + port);
      connection = client.connect();
    }

    static RedisInfo ofEmbedded(Path dataDir) throws IOException {
      Path pidFile = dataDir.resolve("redis.pid");
      if (!Files.isRegularFile(pidFile)) {
        return null;
      }
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      // Redis names its process "redis-server 127.0.0.1:PORT"
      String title = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
      Matcher port = Pattern.compile(":(\\d+)").matcher(title);
      return port.find() ? new RedisInfo(Integer.parseInt(port.group(1))) : null;
    }

    long usedMemory() {
      String info = connection.sync().info("memory");
      return info.lines().filter(line -> line.startsWith("used_memory:"))
          .mapToLong(line -> Long.parseLong(line.substring("used_memory:".length()).trim()))
          .findFirst().orElseThrow();
    }

    Set<String> keys(String pattern) {
      Set<String> keys = new HashSet<>();
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = connection.sync()
            .scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
        keys.addAll(page.getKeys());
        cursor = page;
      } while (!cursor.isFinished());
      return keys;
    }

    KeySizes sizes(Set<String> keys) {
      long counted = 0;
      long bytes = 0;
      for (String key : keys) {
        Long usage = connection.sync().memoryUsage(key);
        if (usage != null) {
          counted++;
          bytes += usage;
        }
      }
      return new KeySizes(counted, bytes);
    }

    @Override
    public void close() {
      connection.close();
      client.shutdown();
    }
  }
}
