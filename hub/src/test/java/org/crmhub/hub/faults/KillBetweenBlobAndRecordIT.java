package org.crmhub.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.crmhub.connector.email.DovecotServer;
import org.crmhub.connector.email.HostileMail;
import org.crmhub.hub.attachment.S3ProxyServer;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisServerProcess;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hub killed between the two writes that store a mailed attachment: the blob is durable in the
 * store, the record naming it is not in Redis, and the mail is neither accepted nor marked read.
 * The state is made exactly rather than by timing a kill: Redis refuses the hubs' writes of
 * attachment records (and nothing else), so the hub reading the mailbox writes the blob and fails
 * at the record, at every retry (refusing every write, say with {@code min-replicas-to-write},
 * would stop the mailbox's pass before the blob: each pass first renews its lease in Redis); once
 * the blob is there the hub is killed with SIGKILL, records may be written again, and a new hub
 * starts on the same Redis, mailbox and store. The claims: the mail
 * becomes one message whose attachment downloads byte for byte; the re-read mail stored the blob
 * again (renewing it) and the store holds it once; the mail taken in before is untouched. For
 * both stores: files in the data dir, and S3 (s3proxy, in this JVM), which also shows that the S3
 * client works from the packaged jar. The packaged hub, Debian's redis-server and Dovecot run as
 * processes on loopback.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KillBetweenBlobAndRecordIT {

  @RegisterExtension
  static final S3ProxyServer s3 = new S3ProxyServer();

  private static final String SUPPORT = DovecotServer.USER + "@support.example.com";
  /** Short, so that the new hub takes the mailbox over from the killed one at once. */
  private static final int LEASE_SECONDS = 3;
  private static final int TAKEN_IN_BYTES = 200_000;
  private static final int INTERRUPTED_BYTES = 6 * 1024 * 1024;

  private final Vertx vertx = Vertx.vertx();
  private final List<HubProcess> hubs = new ArrayList<>();
  private RedisServerProcess redis;
  private DovecotServer dovecot;
  private HubRedisView redisView;
  private WebClient client;
  private Path dir;

  @BeforeEach
  void startServers() throws Exception {
    Assumptions.assumeTrue(RedisServerProcess.available(),
        "fault tests need Debian's redis-server (.ci/run installs it)");
    Assumptions.assumeTrue(DovecotServer.unavailable() == null, DovecotServer.unavailable());
    dir = TestDirectories.create("kill-between-blob-and-record");
    redis = RedisServerProcess.start(dir.resolve("redis"), false);
    dovecot = DovecotServer.start();
    redisView = HubRedisView.connect(vertx, redis.url()).await();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stopAll() throws Exception {
    for (HubProcess hub : hubs) {
      hub.close();
    }
    if (redisView != null) {
      redisView.close().await();
    }
    vertx.close().await();
    if (dovecot != null) {
      dovecot.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void filesStore() throws Exception {
    killBetweenBlobAndRecord(Map.of(), StoredBlobs.files(dir.resolve("data").resolve("attachments")));
  }

  @Test
  void s3StoreThroughThePackagedJar() throws Exception {
    String prefix = "kill-" + UUID.randomUUID();
    killBetweenBlobAndRecord(Map.of(
            "CRMHUB_BLOB_URL", "s3://" + S3ProxyServer.BUCKET + "/" + prefix,
            "CRMHUB_S3_ENDPOINT", s3.endpoint().toString(),
            "CRMHUB_S3_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
            "CRMHUB_S3_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY),
        StoredBlobs.s3(s3, prefix));
  }

  private void killBetweenBlobAndRecord(Map<String, String> storeSettings, StoredBlobs store) throws Exception {
    Map<String, String> env = new HashMap<>(storeSettings);
    env.put("CRMHUB_CONFIG", channelsFile().toString());
    env.put("CRMHUB_DATA_DIR", dir.resolve("data").toString());
    String ann = "ann-" + UUID.randomUUID() + "@customer.example.org";
    String bob = "bob-" + UUID.randomUUID() + "@customer.example.org";
    byte[] annMail = HostileMail.withAttachment(ann, UUID.randomUUID() + "@customer.example.org", TAKEN_IN_BYTES);
    byte[] bobMail = HostileMail.withAttachment(bob, UUID.randomUUID() + "@customer.example.org", INTERRUPTED_BYTES);
    String annDigest = sha256(attachmentOf(annMail));
    String bobDigest = sha256(attachmentOf(bobMail));

    HubProcess first = start(env);
    append(annMail);
    Eventually.holds(vertx, 30_000, "the first mail is filed and marked read",
        () -> filedAndRead(first, ann)).await();
    Set<String> recordsBefore = redisView.attachmentRecords().await();
    assertEquals(1, recordsBefore.size(), "the first mail's attachment has its record: " + recordsBefore);

    redisView.refuseAttachmentRecordWrites().await();
    append(bobMail);
    Eventually.holds(vertx, 30_000, "the blob of the second mail's attachment is in the store, no record names it",
        () -> blocking(() -> store.entries().containsKey(blobKey(bobDigest)))
            .compose(stored -> redisView.attachmentRecords().map(records -> stored && records.equals(recordsBefore))))
        .await();
    assertEquals(1, blocking(this::unseen).await(), "the mail is not marked read: the provider was not answered");
    assertEquals(0, messages(first, bob).await(), "the mail was not accepted");

    first.kill();
    Instant killedAt = Instant.now();
    assertEquals(recordsBefore, redisView.attachmentRecords().await(), "no record was written before the kill");
    redisView.allowAllWrites().await();

    HubProcess recovered = start(env);
    Eventually.holds(vertx, 60_000, "the new hub files the mail and marks it read",
        () -> filedAndRead(recovered, bob)).await();

    assertEquals(1, messages(recovered, bob).await(), "the mail is one message");
    assertEquals(1, messages(recovered, ann).await(), "the mail taken in before the kill is still one message");
    assertEquals(List.of(bobDigest), downloadedDigests(recovered, bob), "the attachment downloads byte for byte");
    assertEquals(List.of(annDigest), downloadedDigests(recovered, ann), "the earlier attachment still downloads");
    Map<String, Instant> stored = blocking(store::entries).await();
    assertEquals(Set.of(blobKey(annDigest), blobKey(bobDigest)), stored.keySet(),
        "the store holds each blob once and nothing else");
    assertTrue(stored.get(blobKey(bobDigest)).isAfter(killedAt),
        "the re-read mail stored the blob again (last written " + stored.get(blobKey(bobDigest))
            + ", the first hub was killed " + killedAt + ")");
    assertEquals(2, redisView.attachmentRecords().await().size(), "each attachment has its record");
  }

  private HubProcess start(Map<String, String> env) throws Exception {
    HubProcess hub = HubProcess.start(redis.url(), env);
    hubs.add(hub);
    return hub;
  }

  /** The hub reads Dovecot's support INBOX, waiting in IDLE, under a short lease. */
  private Path channelsFile() throws Exception {
    JsonObject mailbox = new JsonObject()
        .put("address", SUPPORT)
        .put("imapUrl", dovecot.imapUrl())
        .put("allowPlaintext", true)
        .put("idle", true)
        .put("pollIntervalMs", 200)
        .put("leaseSeconds", LEASE_SECONDS);
    JsonObject channels = new JsonObject().put("channels",
        new JsonObject().put("email", new JsonObject().put("mailboxes", new JsonArray().add(mailbox))));
    return Files.writeString(dir.resolve("channels.json"), channels.encode());
  }

  /** Appends a mail to the support INBOX over IMAP, as a delivery would. */
  private void append(byte[] source) throws Exception {
    try (Store imap = imap()) {
      imap.getFolder("INBOX").appendMessages(new Message[] {
          new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(source))});
    }
  }

  /** Mails in the support INBOX the hub has not marked {@code \Seen}: not acknowledged to the provider. */
  private int unseen() throws Exception {
    try (Store imap = imap()) {
      Folder inbox = imap.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      try {
        return inbox.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false)).length;
      } finally {
        inbox.close(false);
      }
    }
  }

  private Store imap() throws Exception {
    Store imap = Session.getInstance(new Properties()).getStore("imap");
    imap.connect("127.0.0.1", dovecot.port(), DovecotServer.USER, DovecotServer.PASSWORD);
    return imap;
  }

  /** The content of the mail's one attachment, read by jakarta.mail rather than by the hub. */
  private static byte[] attachmentOf(byte[] mail) throws Exception {
    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mail));
    try (var content = ((Multipart) message.getContent()).getBodyPart(1).getInputStream()) {
      return content.readAllBytes();
    }
  }

  private static String sha256(byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }

  /** Where a blob is in either store (below the folder or the prefix), as the README describes. */
  private static String blobKey(String digest) {
    return digest.substring(0, 2) + "/" + digest;
  }

  /** The customer's mail is filed as one message, and every mail in the INBOX is marked read. */
  private Future<Boolean> filedAndRead(HubProcess hub, String email) {
    return messages(hub, email).compose(filed -> filed == 1 ? blocking(() -> unseen() == 0) : Future.succeededFuture(false));
  }

  /** Messages filed for the customer, in all their conversations. */
  private Future<Integer> messages(HubProcess hub, String email) {
    return customer(hub, email).map(customer -> customer == null ? 0
        : customer.getJsonArray("conversations").stream()
            .mapToInt(conversation -> ((JsonObject) conversation).getInteger("messageCount"))
            .sum());
  }

  /** The SHA-256 of each attachment of the customer's messages, as downloaded through the API. */
  private List<String> downloadedDigests(HubProcess hub, String email) throws Exception {
    List<String> digests = new ArrayList<>();
    for (Object conversation : customer(hub, email).await().getJsonArray("conversations")) {
      JsonObject thread = get(hub, "/api/v1/conversations/" + ((JsonObject) conversation).getString("id"))
          .await().bodyAsJsonObject();
      for (Object message : thread.getJsonArray("messages")) {
        for (Object attachment : ((JsonObject) message).getJsonObject("metadata").getJsonArray("attachments")) {
          HttpResponse<Buffer> download = get(hub, ((JsonObject) attachment).getString("url")).await();
          assertEquals(200, download.statusCode(), download.bodyAsString());
          digests.add(sha256(download.body().getBytes()));
        }
      }
    }
    return digests;
  }

  private Future<JsonObject> customer(HubProcess hub, String email) {
    return get(hub, "/api/v1/customers?identity=email:" + email).map(response -> {
      JsonArray items = response.bodyAsJsonObject().getJsonArray("items");
      return items.isEmpty() ? null : items.getJsonObject(0);
    });
  }

  private Future<HttpResponse<Buffer>> get(HubProcess hub, String path) {
    return client.get(hub.port(), "127.0.0.1", path)
        .putHeader("Authorization", "Bearer " + TestHub.API_KEY)
        .timeout(30_000)
        .send();
  }

  private <T> Future<T> blocking(java.util.concurrent.Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
