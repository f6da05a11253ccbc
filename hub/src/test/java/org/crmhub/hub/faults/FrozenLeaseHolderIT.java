package org.crmhub.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.RedisServerProcess;
import org.crmhub.hub.testing.SlowTcpProxy;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.crmhub.hub.testing.TestMail;
import org.crmhub.hub.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A hub frozen with SIGSTOP while it holds leased work, kept frozen past its lease so that the
 * other hub takes the work over, then continued with SIGCONT. The claim under test: the resumed
 * hub sends no webhook and imports no mail it no longer holds. Real hub processes over Debian's
 * redis-server; the webhook receiver and the mail server run in this JVM; all on loopback.
 */
@ExtendWith(VertxExtension.class)
class FrozenLeaseHolderIT {

  /** Each webhook is answered this late, so that a hub has deliveries in flight when it is frozen. */
  private static final long ANSWER_DELAY_MS = 800;
  /** A delivery's lease is 4 × this + 30 s (DeliveryWorker): about 38 s frozen. */
  private static final long WEBHOOK_TIMEOUT_MS = 2_000;
  /** Each contact makes one delivery per subscription; a subscription lists at most 100 attempts. */
  private static final int CONTACTS = 45;
  private static final int SUBSCRIPTIONS = 6;
  /** After the frozen hub resumed: how long to watch for anything it should not send any more. */
  private static final long WATCH_AFTER_RESUME_MS = 4 * ANSWER_DELAY_MS;
  /** No webhook arrived for this long: no hub is writing one when the freeze comes. */
  private static final long QUIET_BEFORE_FREEZE_MS = 150;

  /** Mails waiting in the mailbox; a pass takes at most {@link #MAIL_BATCH} of them. */
  private static final int MAILS = 300;
  private static final int MAIL_BATCH = 20;
  /** The mailbox lease ({@code leaseSeconds}); the frozen hub stays stopped well past it. */
  private static final int MAIL_LEASE_SECONDS = 3;
  /**
   * Every IMAP command the hubs send waits this long: flagging a batch (two commands) then takes
   * far longer than the test's 50 ms look, so a freeze lands part way through a batch.
   */
  private static final java.time.Duration IMAP_COMMAND_DELAY = java.time.Duration.ofMillis(100);
  /** Freezes that may land between two batches before one lands part way through a batch. */
  private static final int MAIL_FREEZE_TRIES = 5;
  /**
   * After the frozen mailbox reader resumed: time for it to finish what it was doing and find
   * its lease gone, and for the other hub to read again whatever the resumed one made it read.
   */
  private static final long MAIL_WATCH_AFTER_RESUME_MS = 3_000L * MAIL_LEASE_SECONDS;

  private RedisServerProcess redis;
  private TestMail mail;
  private final List<HubProcess> hubs = new ArrayList<>();

  @BeforeEach
  void startRedis() throws Exception {
    Assumptions.assumeTrue(RedisServerProcess.available(),
        "fault tests need Debian's redis-server (.ci/run installs it)");
    redis = RedisServerProcess.start(TestDirectories.create("fault-redis"), false);
  }

  @AfterEach
  void stopAll() throws Exception {
    for (HubProcess hub : hubs) {
      hub.close();
    }
    hubs.clear();
    if (mail != null) {
      mail.close();
    }
    redis.close();
  }

  @Test
  @Timeout(value = 4, timeUnit = TimeUnit.MINUTES)
  void aHubFrozenPastItsDeliveryLeasesSendsNothingAgainOnceResumed(Vertx vertx, VertxTestContext test)
      throws Exception {
    Map<String, String> env = Map.of(
        "CRMHUB_RECLAIM_IDLE_MS", "2000",
        "CRMHUB_WEBHOOK_ALLOW_LOOPBACK_FOR_TESTS", "true",
        "CRMHUB_WEBHOOK_TIMEOUT_MS", Long.toString(WEBHOOK_TIMEOUT_MS));
    hubs.add(HubProcess.start(redis.url(), env));
    hubs.add(HubProcess.start(redis.url(), env));
    String tag = "frozen-webhooks-" + System.nanoTime();
    String since = java.time.Instant.now().minusSeconds(1).toString();
    SlowAnswers answers = new SlowAnswers(vertx);
    AtomicReference<HubProcess> frozen = new AtomicReference<>();
    Api api = new Api(vertx);
    AtomicInteger turn = new AtomicInteger();
    ContactBurst burst = new ContactBurst(vertx, tag, CONTACTS, 16, () -> hubs.get(turn.getAndIncrement() % 2).port());
    Timeline at = new Timeline();

    Future.all(WebhookReceiver.start(vertx), HubRedisView.connect(vertx, redis.url())).compose(started -> {
      WebhookReceiver receiver = started.resultAt(0);
      HubRedisView redisView = started.resultAt(1);
      receiver.answer(answers::answer);
      return subscribe(api, hubs.get(0), receiver)
          .compose(subscriptions -> burst.run(acknowledged -> { })
              .compose(v -> allSucceeded(vertx, api, hubs.get(0), subscriptions, "every contact's webhook is delivered"))
              // a backlog: every delivery due at once (as after a target's outage), answered slowly,
              // so that a hub claims more than it can send at once
              .compose(v -> {
                answers.slowDown();
                return Future.all(subscriptions.stream().map(id -> api.post(hubs.get(0),
                    "/api/v1/webhooks/" + id + "/replay", new JsonObject().put("since", since))).toList());
              })
              .compose(v -> freezeAHubWithDeliveriesInFlight(vertx, redisView, answers, frozen))
              .compose(v -> {
                at.frozenAt = System.currentTimeMillis();
                return redisView.deliveryClaims();
              })
              .map(claims -> {
                at.claimsOfTheFrozenHub = claims.getOrDefault(frozen.get().hubId(), Set.of());
                return null;
              })
              .compose(v -> allSucceeded(vertx, api, other(frozen.get()), subscriptions,
                  "the other hub delivered everything while one is frozen"))
              .compose(v -> {
                at.resumed = System.currentTimeMillis();
                return vertx.executeBlocking(() -> {
                  frozen.get().resume();
                  return null;
                });
              })
              .compose(v -> Eventually.holds(vertx, 30_000, "the resumed hub answers again",
                  () -> api.status(frozen.get(), "/health/live").map(status -> status == 200)))
              .compose(v -> vertx.timer(WATCH_AFTER_RESUME_MS))
              .compose(v -> Future.all(deliveries(api, other(frozen.get()), subscriptions),
                  attempts(api, other(frozen.get()), subscriptions)))
              .map(records -> {
                List<JsonObject> deliveries = records.resultAt(0);
                List<JsonObject> attempts = records.resultAt(1);
                test.verify(() -> assertDeliveredOnceAndNothingResent(receiver.received(), answers, at,
                    deliveries, attempts));
                return null;
              }))
          .eventually(redisView::close)
          .eventually(receiver::stop);
    }).eventually(() -> {
      api.close();
      return Future.succeededFuture();
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 4, timeUnit = TimeUnit.MINUTES)
  void aHubFrozenPastItsMailboxLeaseImportsNoMailTwice(Vertx vertx, VertxTestContext test) throws Exception {
    mail = TestMail.start();
    String address = mail.newMailbox("frozen");
    String tag = "frozen-mail-" + System.nanoTime();
    Path channels = TestDirectories.create("frozen-mail").resolve("channels.json");
    // the hubs read through a slow link, so a batch stays accepted-but-not-flagged long enough to freeze it there
    SlowTcpProxy slowImap = SlowTcpProxy.start(vertx, mail.imapPort(), IMAP_COMMAND_DELAY).await();
    JsonObject email = mail.emailSection(address,
        new JsonObject().put("batchSize", MAIL_BATCH).put("leaseSeconds", MAIL_LEASE_SECONDS));
    JsonObject mailbox = email.getJsonArray("mailboxes").getJsonObject(0);
    mailbox.put("imapUrl", mailbox.getString("imapUrl")
        .replace(":" + mail.imapPort() + "/", ":" + slowImap.port() + "/"));
    Files.writeString(channels, new JsonObject().put("channels", new JsonObject().put("email", email)).encode());
    Map<String, String> env = Map.of("CRMHUB_CONFIG", channels.toString(), "CRMHUB_RECLAIM_IDLE_MS", "2000");
    hubs.add(HubProcess.start(redis.url(), env));
    hubs.add(HubProcess.start(redis.url(), env));
    // filled only now: a hub alone would have read it all while the other was starting
    for (int i = 0; i < MAILS; i++) {
      // the subject is the token the inbox is counted by
      MimeMessage message = mail.mail(ContactBurst.email(tag, i % ContactBurst.CUSTOMERS), address,
          ContactBurst.externalId(tag, i), "mail number " + i);
      message.setHeader("Message-ID", "<" + ContactBurst.externalId(tag, i) + "@customer.example.org>");
      message.saveChanges();
      mail.user(address).deliver(message);
    }
    String lease = "email:" + address;
    AtomicReference<HubProcess> frozen = new AtomicReference<>();
    Api api = new Api(vertx);

    HubRedisView.connect(vertx, redis.url()).compose(redisView -> freezeTheReaderMidBatch(vertx, redisView, address, tag,
                MAIL_FREEZE_TRIES)
            .map(reader -> {
              frozen.set(reader);
              return null;
            })
            .compose(v -> {
              InboxCount inbox = new InboxCount(vertx, other(frozen.get()).port());
              return Eventually.holds(vertx, 120_000, "the other hub took the mailbox over and filed every mail",
                      () -> redisView.connectorLease(lease).compose(holder -> other(frozen.get()).hubId().equals(holder)
                          ? inbox.total(tag).map(total -> total >= MAILS)
                          : Future.succeededFuture(false)))
                  .eventually(() -> {
                    inbox.close();
                    return Future.succeededFuture();
                  });
            })
            .compose(v -> vertx.executeBlocking(() -> {
              frozen.get().resume();
              return null;
            }))
            .compose(v -> Eventually.holds(vertx, 30_000, "the resumed hub answers again",
                () -> api.status(frozen.get(), "/health/live").map(status -> status == 200)))
            .compose(v -> Eventually.holds(vertx, 30_000, "every mail is flagged as taken in",
                () -> Future.succeededFuture(mail.unseen(address) == 0)))
            .compose(v -> vertx.timer(MAIL_WATCH_AFTER_RESUME_MS))
            .compose(v -> {
              InboxCount inbox = new InboxCount(vertx, other(frozen.get()).port());
              return inbox.occurrences(tag, message -> message.getString("subject")).eventually(() -> {
                inbox.close();
                return Future.succeededFuture();
              });
            })
            .map(occurrences -> {
              test.verify(() -> {
                List<String> missing = new ArrayList<>();
                for (int i = 0; i < MAILS && missing.size() < 5; i++) {
                  if (!occurrences.containsKey(ContactBurst.externalId(tag, i))) {
                    missing.add(ContactBurst.externalId(tag, i));
                  }
                }
                List<String> twice = occurrences.entrySet().stream().filter(e -> e.getValue() > 1)
                    .map(Map.Entry::getKey).limit(5).toList();
                assertTrue(missing.isEmpty(), "in the mailbox but not in the inbox: " + missing);
                assertTrue(twice.isEmpty(), "in the inbox more than once: " + twice);
                assertEquals(MAILS, occurrences.size(), "nothing else came in: " + occurrences.keySet());
              });
              return null;
            })
            .eventually(redisView::close))
        .eventually(() -> {
          api.close();
          return Future.succeededFuture();
        })
        .onComplete(test.succeedingThenComplete());
  }

  /**
   * Freezes the hub reading the mailbox part way through a batch: it has handed mails to the hub
   * (they are accepted) that it has not flagged as taken in yet, nor saved its offset past, so the
   * hub taking over reads them again. A freeze that landed between batches is undone at once and
   * tried again at a later one.
   */
  private Future<HubProcess> freezeTheReaderMidBatch(Vertx vertx, HubRedisView redisView, String address,
      String tag, int triesLeft) {
    AtomicReference<HubProcess> reader = new AtomicReference<>();
    return Eventually.holds(vertx, 60_000, "the mailbox reader has accepted mails it has not flagged yet", () -> {
          int flagged = MAILS - mail.unseen(address);
          return redisView.connectorLease("email:" + address).compose(holder -> {
            reader.set(hubs.stream().filter(hub -> hub.hubId().equals(holder)).findFirst().orElse(null));
            return reader.get() == null ? Future.succeededFuture(false)
                : redisView.accepted("email", tag).map(accepted -> accepted > flagged);
          });
        })
        .compose(v -> vertx.executeBlocking(() -> {
          reader.get().freeze();
          return MAILS - mail.unseen(address);
        }))
        // the reader is stopped: both counts hold still
        .compose(flagged -> redisView.accepted("email", tag).map(accepted -> accepted > flagged))
        .compose(midBatch -> {
          if (midBatch) {
            return Future.succeededFuture(reader.get());
          }
          if (triesLeft <= 1) {
            return Future.failedFuture(new AssertionError("no freeze landed part way through a batch"));
          }
          return vertx.executeBlocking(() -> {
            reader.get().resume();
            return null;
          }).compose(v -> freezeTheReaderMidBatch(vertx, redisView, address, tag, triesLeft - 1));
        });
  }

  private static Future<Void> allSucceeded(Vertx vertx, Api api, HubProcess hub, List<String> subscriptions,
      String what) {
    return Eventually.holds(vertx, 150_000, what, () -> deliveries(api, hub, subscriptions)
        .map(all -> all.size() == CONTACTS * SUBSCRIPTIONS
            && all.stream().allMatch(d -> "succeeded".equals(d.getString("status")))));
  }

  /** What the webhook test saw, in order. */
  private static final class Timeline {
    long frozenAt;
    Set<String> claimsOfTheFrozenHub = Set.of();
    long resumed;
  }

  private void assertDeliveredOnceAndNothingResent(List<WebhookReceiver.Received> received, SlowAnswers answers,
      Timeline at, List<JsonObject> deliveries, List<JsonObject> attempts) {
    assertFalse(at.claimsOfTheFrozenHub.isEmpty(), "the hub was frozen while it held claimed deliveries");
    assertEquals(CONTACTS * SUBSCRIPTIONS, deliveries.size(), "one delivery per contact and subscription");
    Set<String> receivedIds = new HashSet<>();
    received.forEach(r -> receivedIds.add(r.webhookId()));
    List<String> neverReceived = deliveries.stream().map(d -> d.getString("id"))
        .filter(id -> !receivedIds.contains(id)).limit(5).toList();
    assertTrue(neverReceived.isEmpty(), "recorded but never received: " + neverReceived);
    List<String> notTakenOver = at.claimsOfTheFrozenHub.stream()
        .filter(id -> received.stream().noneMatch(r -> r.webhookId().equals(id)
            && r.arrivedAtMillis() > at.frozenAt && r.arrivedAtMillis() < at.resumed))
        .limit(5).toList();
    assertTrue(notTakenOver.isEmpty(), "held by the frozen hub but not sent by the other: " + notTakenOver);
    // the claim under test: once resumed, the hub sends nothing that was already answered 2xx
    List<String> resent = received.stream()
        .filter(r -> r.arrivedAtMillis() >= at.resumed)
        .filter(r -> answers.firstAnsweredAt(r.webhookId()) < r.arrivedAtMillis())
        .map(WebhookReceiver.Received::webhookId).limit(5).toList();
    assertTrue(resent.isEmpty(), "sent again after the frozen hub resumed, though already answered 2xx: " + resent);
    List<String> notSucceeded = deliveries.stream().filter(d -> !"succeeded".equals(d.getString("status"))
        || d.getInteger("attempts") != 1)
        .map(d -> d.getString("id") + " " + d.getString("status") + " after " + d.getInteger("attempts")
            + " attempt(s), last error: " + d.getString("lastError"))
        .limit(3).toList();
    assertTrue(notSucceeded.isEmpty(), "each delivery ends succeeded with one recorded attempt: " + notSucceeded);
    Map<String, Integer> loggedAttempts = new java.util.HashMap<>();
    attempts.forEach(a -> loggedAttempts.merge(a.getString("deliveryId"), 1, Integer::sum));
    // one attempt when the contact came in, one after the replay
    assertEquals(2 * deliveries.size(), attempts.size(), "the attempt log has two entries per delivery: "
        + loggedAttempts.entrySet().stream().filter(e -> e.getValue() > 2).limit(5).toList());
    assertTrue(received.stream().allMatch(WebhookReceiver.Received::signatureValid), "every webhook is signed");
  }

  /**
   * Freezes a hub at a moment when some deliveries it claimed are at the receiver, waiting for
   * their answer, and more of its claims have not reached the receiver yet (they wait in the hub
   * for a connection): the state in which a frozen hub could send late what it no longer holds.
   * Nothing must be arriving just then: a request the hub is writing at the very instant it stops
   * goes out when it continues, and no check in the sender can take that back (receivers dedupe
   * on webhook-id for this).
   */
  private Future<Void> freezeAHubWithDeliveriesInFlight(Vertx vertx, HubRedisView redisView, SlowAnswers answers,
      AtomicReference<HubProcess> frozen) {
    AtomicReference<HubProcess> chosen = new AtomicReference<>();
    return Eventually.holds(vertx, 60_000, "a hub has claimed deliveries both at the receiver and still inside it",
            () -> {
              Set<String> atReceiver = answers.unanswered();
              if (atReceiver.isEmpty() || answers.millisSinceLastArrival() < QUIET_BEFORE_FREEZE_MS) {
                return Future.succeededFuture(false);
              }
              return redisView.deliveryClaims().map(claims -> {
                for (HubProcess hub : hubs) {
                  Set<String> claimed = claims.getOrDefault(hub.hubId(), Set.of());
                  if (claimed.stream().anyMatch(atReceiver::contains)
                      && claimed.stream().anyMatch(id -> !answers.arrivedSinceSlowDown(id))) {
                    chosen.set(hub);
                    return true;
                  }
                }
                return false;
              });
            })
        .compose(v -> vertx.executeBlocking(() -> {
          chosen.get().freeze();
          return null;
        }))
        .map(v -> {
          frozen.set(chosen.get());
          return null;
        });
  }

  private HubProcess other(HubProcess hub) {
    return hubs.get(0) == hub ? hubs.get(1) : hubs.get(0);
  }

  /** The subscriptions' ids; each sends {@code message.created} to the receiver, which trusts its secret. */
  private static Future<List<String>> subscribe(Api api, HubProcess hub, WebhookReceiver receiver) {
    List<Future<JsonObject>> created = new ArrayList<>();
    for (int i = 0; i < SUBSCRIPTIONS; i++) {
      created.add(api.post(hub, "/api/v1/webhooks", new JsonObject().put("url", receiver.url())
          .put("events", new JsonArray().add("message.created")).put("description", "frozen lease " + i)));
    }
    return Future.all(created).map(all -> all.<JsonObject>list().stream().map(subscription -> {
      receiver.trustSecret(subscription.getString("secret"));
      return subscription.getString("id");
    }).toList());
  }

  private static Future<List<JsonObject>> deliveries(Api api, HubProcess hub, List<String> subscriptions) {
    return listed(api, hub, subscriptions, "deliveries");
  }

  private static Future<List<JsonObject>> attempts(Api api, HubProcess hub, List<String> subscriptions) {
    return listed(api, hub, subscriptions, "attempts");
  }

  /** Every subscription's list (one page of 100, more than each holds). */
  private static Future<List<JsonObject>> listed(Api api, HubProcess hub, List<String> subscriptions, String what) {
    return Future.all(subscriptions.stream()
            .map(id -> api.get(hub, "/api/v1/webhooks/" + id + "/" + what + "?limit=100"))
            .toList())
        .map(all -> all.<JsonObject>list().stream()
            .flatMap(page -> page.getJsonArray("items").stream().map(JsonObject.class::cast))
            .toList());
  }

  /**
   * The receiver's answers: 204, at once or (once slowed down) late. Keeps which webhook-ids are
   * waiting for their answer and when each was first answered.
   */
  private static final class SlowAnswers {
    private final Vertx vertx;
    private final Map<String, Integer> waiting = new ConcurrentHashMap<>();
    private final Map<String, Long> firstAnswered = new ConcurrentHashMap<>();
    private final Set<String> arrivedSlowly = ConcurrentHashMap.newKeySet();
    private volatile long lastArrival = System.currentTimeMillis();
    private volatile boolean slow;

    SlowAnswers(Vertx vertx) {
      this.vertx = vertx;
    }

    /** From now on each answer waits {@link #ANSWER_DELAY_MS} (before: at once). */
    void slowDown() {
      slow = true;
    }

    void answer(io.vertx.ext.web.RoutingContext ctx, int attempt) {
      String id = ctx.request().getHeader("webhook-id");
      lastArrival = System.currentTimeMillis();
      waiting.merge(id, 1, Integer::sum);
      if (slow) {
        arrivedSlowly.add(id);
        vertx.setTimer(ANSWER_DELAY_MS, timer -> answerNow(ctx, id));
      } else {
        answerNow(ctx, id);
      }
    }

    private void answerNow(io.vertx.ext.web.RoutingContext ctx, String id) {
      ctx.response().setStatusCode(204).end().onComplete(written -> {
        waiting.computeIfPresent(id, (key, count) -> count == 1 ? null : count - 1);
        if (written.succeeded()) {
          firstAnswered.putIfAbsent(id, System.currentTimeMillis());
        }
      });
    }

    long millisSinceLastArrival() {
      return System.currentTimeMillis() - lastArrival;
    }

    boolean arrivedSinceSlowDown(String webhookId) {
      return arrivedSlowly.contains(webhookId);
    }

    Set<String> unanswered() {
      return Set.copyOf(waiting.keySet());
    }

    /** When the receiver first answered this webhook-id 2xx; never: {@code Long.MAX_VALUE}. */
    long firstAnsweredAt(String webhookId) {
      return firstAnswered.getOrDefault(webhookId, Long.MAX_VALUE);
    }
  }

  /** The hubs' REST API with the bootstrap key. */
  private static final class Api {
    private final WebClient client;

    Api(Vertx vertx) {
      this.client = WebClient.create(vertx);
    }

    Future<JsonObject> get(HubProcess hub, String path) {
      return client.get(hub.port(), "127.0.0.1", path)
          .putHeader("Authorization", "Bearer " + TestHub.API_KEY)
          .timeout(30_000)
          .send()
          .compose(response -> response.statusCode() == 200
              ? Future.succeededFuture(response.bodyAsJsonObject())
              : Future.failedFuture(path + " answered " + response.statusCode() + ": " + response.bodyAsString()));
    }

    Future<JsonObject> post(HubProcess hub, String path, JsonObject body) {
      return client.post(hub.port(), "127.0.0.1", path)
          .putHeader("Authorization", "Bearer " + TestHub.API_KEY)
          .timeout(30_000)
          .sendJsonObject(body)
          .compose(response -> response.statusCode() / 100 == 2
              ? Future.succeededFuture(response.bodyAsJsonObject())
              : Future.failedFuture(path + " answered " + response.statusCode() + ": " + response.bodyAsString()));
    }

    /** The status code, 0 when no answer came within a second. */
    Future<Integer> status(HubProcess hub, String path) {
      return client.get(hub.port(), "127.0.0.1", path).timeout(1_000).send()
          .map(response -> response.statusCode())
          .otherwise(0);
    }

    void close() {
      client.close();
    }
  }
}
