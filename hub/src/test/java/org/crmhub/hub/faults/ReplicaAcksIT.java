package org.crmhub.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.crmhub.hub.HubConfig;
import org.crmhub.hub.ingest.IngestKeys;
import org.crmhub.hub.ingest.ReplicaAcks;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisServerProcess;
import org.crmhub.hub.testing.Signals;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.crmhub.hub.testing.TestMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replica acknowledgements against Debian's redis-server, a primary and one replica: a contact is
 * answered 202 only once the replica has it; with the replica frozen the accept answers 503 after
 * the acknowledgement timeout, on every hub (also one whose own connection never wrote the
 * contact), and the provider's retry after the replica is back is a duplicate that the replica has.
 * A polled mailbox keeps its offset, and its mail unread, until the replica has the mail.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReplicaAcksIT {

  private static final Duration ACK_TIMEOUT = Duration.ofMillis(1_000);
  /** The hub's ingest partitions (HubStorage), for the dedupe key a contact leaves. */
  private static final IngestKeys INGEST_KEYS = new IngestKeys(2);
  /** The hub's own key layout (ChannelKeys): the email connector's offsets, every source's health. */
  private static final String EMAIL_STATE = "crm:connector:email:state";
  private static final String CHANNEL_HEALTH = "crm:channels:health";

  private final Vertx vertx = Vertx.vertx();
  private final List<TestHub> hubs = new ArrayList<>();
  private RedisServerProcess primary;
  private RedisServerProcess replica;
  private Redis replicaView;

  @BeforeEach
  void startPrimaryAndReplica() throws Exception {
    Assumptions.assumeTrue(RedisServerProcess.available(), "needs Debian's redis-server (.ci/run installs it)");
    Path dir = TestDirectories.create("replica-acks");
    primary = RedisServerProcess.start(dir.resolve("primary"), false);
    replica = RedisServerProcess.startReplicaOf(dir.resolve("replica"), primary.port());
    replicaView = Redis.connect(vertx, replica.url()).await();
    Eventually.holds(vertx, 20_000, "the replica is in sync with the primary",
        () -> replicaView.call(c -> c.info("replication")).map(info -> info.contains("master_link_status:up")))
        .await();
  }

  @AfterEach
  void stopAll() {
    for (TestHub hub : hubs) {
      hub.undeploy().await();
    }
    if (replicaView != null) {
      replicaView.shutdown().await();
    }
    vertx.close().await();
    if (replica != null) {
      replica.close();
    }
    if (primary != null) {
      primary.close();
    }
  }

  @Test
  void aContactIsAnsweredOnlyOnceTheReplicaHasItAndRetriedUntilItHas() throws Exception {
    TestHub first = deployHub();
    TestHub second = deployHub();
    String confirmed = "replicated-" + System.nanoTime();

    HttpResponse<Buffer> accepted = post(first, confirmed);
    assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
    assertEquals(1L, replicaView.call(c -> c.exists(dedupeKey(confirmed))).await(),
        "the replica has the contact when the hub answers 202");

    Signals.send("STOP", replica.pid());
    String unconfirmed = "unreplicated-" + System.nanoTime();
    long startedAt = System.nanoTime();
    HttpResponse<Buffer> refused = post(first, unconfirmed);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
    assertEquals(503, refused.statusCode(), refused.bodyAsString());
    assertEquals("1", refused.getHeader("Retry-After"));
    assertTrue(tookMs >= ACK_TIMEOUT.toMillis() - 100 && tookMs < ACK_TIMEOUT.toMillis() + 1_500,
        "refused after waiting about the acknowledgement timeout, took " + tookMs + " ms");

    // the primary has it now: a retry on another hub, whose connection never wrote it, is a
    // duplicate there, yet must still wait for the replica rather than answer at once
    HttpResponse<Buffer> retriedWhileFrozen = post(second, unconfirmed);
    assertEquals(503, retriedWhileFrozen.statusCode(), retriedWhileFrozen.bodyAsString());

    Signals.send("CONT", replica.pid());
    Eventually.holds(vertx, 20_000, "the provider's retry is acknowledged once the replica is back",
        () -> second.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
            .sendJsonObject(TestHub.contact(unconfirmed, unconfirmed + "@example.com", "hello"))
            .map(retry -> {
              if (retry.statusCode() == 202) {
                assertTrue(retry.bodyAsJsonObject().getBoolean("duplicate"), "the retry is the stored contact");
                return true;
              }
              assertEquals(503, retry.statusCode(), retry.bodyAsString());
              return false;
            }))
        .await();
    assertEquals(1L, replicaView.call(c -> c.exists(dedupeKey(unconfirmed))).await(),
        "the replica has the retried contact when the hub answers 202");
  }

  /**
   * The polled side of the same promise: while the replica is frozen, a mailbox's new mail gets no
   * further than the primary, so the mailbox keeps its offset and leaves the mail unread; the
   * first poll once the replica is back takes it in, once.
   */
  @Test
  void aPolledMailboxMovesItsOffsetOnlyOnceTheReplicaHasTheMail() throws Exception {
    try (TestMail mail = TestMail.start()) {
      String support = mail.newMailbox("replica-acks");
      String offsetField = "offset:" + support + ":INBOX";
      Redis primaryView = Redis.connect(vertx, primary.url()).await();
      try {
        TestHub hub = deployHub(config -> config.withChannel("email", mail.emailSection(support, new JsonObject())));
        Eventually.holds(vertx, 20_000, "the mailbox was polled",
            () -> mailboxHealth(primaryView, support).map(health -> health.containsKey("lastSuccessAt"))).await();
        String offsetBefore = primaryView.call(c -> c.hget(EMAIL_STATE, offsetField)).await();

        Signals.send("STOP", replica.pid());
        String customer = "ada-" + System.nanoTime() + "@customer.example.org";
        vertx.executeBlocking(() -> {
          mail.send(mail.mail(customer, support, "Where is my order", "It has not arrived."));
          return null;
        }).await();
        Eventually.holds(vertx, 20_000, "a poll failed for want of the replica",
            () -> mailboxHealth(primaryView, support).map(health -> health.getString("lastError", "").contains("replica")))
            .await();
        assertEquals(offsetBefore, primaryView.call(c -> c.hget(EMAIL_STATE, offsetField)).await(),
            "the offset did not move past the mail the replica does not have");
        assertEquals(1, mail.unseen(support), "the mail is still unread on the server");

        Signals.send("CONT", replica.pid());
        Eventually.holds(vertx, 20_000, "the mail is filed once the replica is back",
            () -> messagesOf(hub, customer).map(count -> count == 1)).await();
        Eventually.holds(vertx, 10_000, "the offset moves past the mail, which is marked read",
            () -> primaryView.call(c -> c.hget(EMAIL_STATE, offsetField))
                .map(offset -> !Objects.equals(offsetBefore, offset) && mail.unseen(support) == 0)).await();
        assertEquals(1, messagesOf(hub, customer).await(), "the mail is filed once");
      } finally {
        primaryView.shutdown().await();
      }
    }
  }

  /** The mailbox's entry in the hub's channel health (lastSuccessAt, lastError). */
  private static Future<JsonObject> mailboxHealth(Redis primaryView, String mailbox) {
    return primaryView.call(c -> c.hget(CHANNEL_HEALTH, "email/email:" + mailbox))
        .map(entry -> entry == null ? new JsonObject() : new JsonObject(entry));
  }

  /** Messages in the customer's conversations, through the API. */
  private static Future<Integer> messagesOf(TestHub hub, String email) {
    return hub.authorized(HttpMethod.GET, "/api/v1/customers?identity=email:" + email).send()
        .map(response -> response.bodyAsJsonObject().getJsonArray("items").stream()
            .flatMap(customer -> ((JsonObject) customer).getJsonArray("conversations").stream())
            .mapToInt(conversation -> ((JsonObject) conversation).getInteger("messageCount"))
            .sum());
  }

  private TestHub deployHub() throws Exception {
    return deployHub(UnaryOperator.identity());
  }

  private TestHub deployHub(UnaryOperator<HubConfig> withChannels) throws Exception {
    Path data = TestDirectories.create("replica-acks-hub");
    TestHub hub = TestHub.deploy(vertx, withChannels.apply(TestHub.config(primary.url(), data)
        .withReplicaAcks(new ReplicaAcks(1, ACK_TIMEOUT)))).await();
    hubs.add(hub);
    return hub;
  }

  private static HttpResponse<Buffer> post(TestHub hub, String externalId) {
    return hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts")
        .sendJsonObject(TestHub.contact(externalId, externalId + "@example.com", "hello"))
        .await();
  }

  private static String dedupeKey(String externalId) {
    return INGEST_KEYS.dedupe(INGEST_KEYS.partitionOf("api", externalId), "api", externalId);
  }
}
