package org.crmhub.hub.faults;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import org.crmhub.hub.testing.TestHub;

/**
 * Posts contacts to hubs with a bounded number in flight, the way a well-behaved client behind a
 * load balancer would: a contact that was not acknowledged (connection refused or reset, 503) is
 * sent again after a pause, to whichever hub the chooser names; it counts as delivered only on 202.
 */
final class ContactBurst {

  static final int CUSTOMERS = 200;
  private static final int MAX_ATTEMPTS = 60;

  private final Vertx vertx;
  private final WebClient client;
  private final String tag;
  private final int contacts;
  private final int inFlight;
  private final IntSupplier portForAttempt;
  private final String padding;
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger timedOut = new AtomicInteger();

  /** @param portForAttempt the hub port to use for the next attempt (it may skip dead hubs) */
  ContactBurst(Vertx vertx, String tag, int contacts, int inFlight, IntSupplier portForAttempt) {
    this(vertx, tag, contacts, inFlight, portForAttempt, 0);
  }

  /** @param textChars each contact's text is padded to about this length (more to replicate per contact) */
  ContactBurst(Vertx vertx, String tag, int contacts, int inFlight, IntSupplier portForAttempt, int textChars) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setConnectTimeout(2_000).setIdleTimeout(10),
        new PoolOptions().setHttp1MaxSize(inFlight));
    this.tag = tag;
    this.contacts = contacts;
    this.inFlight = inFlight;
    this.portForAttempt = portForAttempt;
    this.padding = padding(textChars);
  }

  private static String padding(int textChars) {
    StringBuilder text = new StringBuilder();
    while (text.length() < textChars) {
      text.append(" my order has still not arrived and nobody answers my emails, please help");
    }
    return text.toString();
  }

  static String email(String tag, int customer) {
    return tag + "-" + customer + "@example.com";
  }

  static String externalId(String tag, int contact) {
    return tag + "-" + contact;
  }

  /** Sends everything; {@code onAcknowledged} sees the running count after each 202. */
  Future<Set<String>> run(IntConsumer onAcknowledged) {
    Promise<Set<String>> done = Promise.promise();
    AtomicInteger lanesLeft = new AtomicInteger(inFlight);
    for (int lane = 0; lane < inFlight; lane++) {
      sendNext(onAcknowledged).onComplete(laneDone -> {
        if (laneDone.failed()) {
          done.tryFail(laneDone.cause());
        } else if (lanesLeft.decrementAndGet() == 0) {
          done.tryComplete(Set.copyOf(acknowledged));
        }
      });
    }
    return done.future().eventually(() -> {
      client.close();
      return Future.succeededFuture();
    });
  }

  /** Attempts answered 503, refused at connect, or reset: not acknowledged, sent again. */
  int refusedAttempts() {
    return refused.get();
  }

  /** Attempts the hub did not answer within the client's timeout (a hub that hangs instead of failing fast). */
  int timedOutAttempts() {
    return timedOut.get();
  }

  private Future<Void> sendNext(IntConsumer onAcknowledged) {
    int index = next.getAndIncrement();
    if (index >= contacts) {
      return Future.succeededFuture();
    }
    return send(index, 1)
        .onSuccess(v -> onAcknowledged.accept(acknowledged.size()))
        .compose(v -> sendNext(onAcknowledged));
  }

  private Future<Void> send(int index, int attempt) {
    String externalId = externalId(tag, index);
    JsonObject contact = TestHub.contact(externalId, email(tag, index % CUSTOMERS),
        "burst message " + index + padding);
    return client.post(portForAttempt.getAsInt(), "127.0.0.1", "/api/v1/inbound/contacts")
        .putHeader("Authorization", "Bearer " + TestHub.API_KEY)
        .timeout(15_000)
        .sendJsonObject(contact)
        .transform(result -> {
          if (result.succeeded() && result.result().statusCode() == 202) {
            acknowledged.add(externalId);
            return Future.succeededFuture();
          }
          if (result.succeeded() && result.result().statusCode() != 503) {
            return Future.failedFuture(new AssertionError("contact " + externalId + " answered "
                + result.result().statusCode() + ": " + result.result().bodyAsString()));
          }
          if (result.failed() && String.valueOf(result.cause().getMessage()).toLowerCase().contains("timeout")) {
            timedOut.incrementAndGet();
          } else {
            refused.incrementAndGet();
          }
          if (attempt >= MAX_ATTEMPTS) {
            return Future.failedFuture(new AssertionError("contact " + externalId + " never acknowledged"));
          }
          Promise<Void> retried = Promise.promise();
          vertx.setTimer(Math.min(2_000, 50L * attempt), id -> send(index, attempt + 1).onComplete(retried));
          return retried.future();
        });
  }
}
