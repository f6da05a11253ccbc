package org.crmhub.hub.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The sender against a receiver on loopback (allowed here by the test-only setting). */
@ExtendWith(VertxExtension.class)
class WebhookSenderTest {

  private static final TargetPolicy LOOPBACK_ALLOWED = new TargetPolicy(true, Set.of("hooks.test"));

  private static Future<HttpServer> receiver(Vertx vertx, String redirectTo, List<String> hosts) {
    return vertx.createHttpServer().requestHandler(request -> {
      hosts.add(request.getHeader("Host"));
      if (redirectTo == null) {
        request.response().setStatusCode(204).end();
      } else {
        request.response().setStatusCode(307).putHeader("Location", redirectTo).end();
      }
    }).listen(0, "127.0.0.1");
  }

  /** Redirect targets that pass the URL rules (https) and are refused only for their address. */
  @ParameterizedTest
  @ValueSource(strings = {"https://[64:ff9b::a9fe:a9fe]/latest/meta-data/", "https://198.18.0.1/hook",
      "https://[2002:a9fe:a9fe::1]/x", "https://metadata.test/latest/meta-data/"})
  void aRedirectToANonPublicAddressIsRefusedByItsAddress(String location, Vertx vertx, VertxTestContext test) {
    List<String> hosts = new CopyOnWriteArrayList<>();
    WebhookSender sender = new WebhookSender(vertx, LOOPBACK_ALLOWED, Duration.ofSeconds(5),
        host -> host.equals("metadata.test")
            ? new InetAddress[] {InetAddress.getByName("169.254.169.254")}
            : InetAddress.getAllByName(host));
    receiver(vertx, location, hosts)
        .compose(server -> sender.send("http://127.0.0.1:" + server.actualPort() + "/hook", MultiMap.caseInsensitiveMultiMap(),
            "{}", Future::succeededFuture))
        .onComplete(test.succeeding(outcome -> test.verify(() -> {
          assertTrue(outcome.refusedTarget(), outcome.toString());
          assertTrue(outcome.error().contains("non-public address"), outcome.error());
          assertEquals(1, hosts.size(), "only the first hop was called");
          test.completeNow();
        })));
  }

  /** A name that resolves to a checked address first and to metadata later is asked once, and the connection goes to what was checked. */
  @Test
  void dnsRebindingCannotChangeTheAddressBetweenCheckAndConnect(Vertx vertx, VertxTestContext test) {
    AtomicInteger lookups = new AtomicInteger();
    AtomicLong clock = new AtomicLong();
    List<String> hosts = new CopyOnWriteArrayList<>();
    WebhookSender.Resolver rebinding =
        host -> new InetAddress[] {InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "169.254.169.254")};
    WebhookSender sender = new WebhookSender(vertx, LOOPBACK_ALLOWED, Duration.ofSeconds(5),
        new ResolvedAddresses(vertx, rebinding, ResolvedAddresses.DEFAULT_TTL, clock::get));
    receiver(vertx, null, hosts)
        .compose(server -> sender.send("http://hooks.test:" + server.actualPort() + "/hook",
            MultiMap.caseInsensitiveMultiMap(), "{}", Future::succeededFuture)
            .map(outcome -> {
              test.verify(() -> {
                assertEquals(204, outcome.status(), outcome.toString());
                assertEquals(1, lookups.get(), "resolved once");
                assertEquals(List.of("hooks.test:" + server.actualPort()), hosts, "the name is kept in Host");
              });
              return outcome;
            }))
        // once the lookup is old, the next delivery resolves again and is refused for the address it now gets
        .compose(first -> {
          clock.addAndGet(ResolvedAddresses.DEFAULT_TTL.toMillis());
          return sender.send("http://hooks.test:1/hook", MultiMap.caseInsensitiveMultiMap(), "{}",
            Future::succeededFuture);
        })
        .onComplete(test.succeeding(second -> test.verify(() -> {
          assertTrue(second.refusedTarget(), second.toString());
          assertEquals(2, lookups.get(), "resolved again once the lookup was old");
          assertEquals(1, hosts.size());
          test.completeNow();
        })));
  }

  /** Deliveries to one host within a few seconds resolve it once, and each reaches the target. */
  @Test
  void aSecondDeliveryToTheSameHostDoesNotResolveAgain(Vertx vertx, VertxTestContext test) {
    AtomicInteger lookups = new AtomicInteger();
    List<String> hosts = new CopyOnWriteArrayList<>();
    WebhookSender sender = new WebhookSender(vertx, LOOPBACK_ALLOWED, Duration.ofSeconds(5), host -> {
      lookups.incrementAndGet();
      return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
    });
    receiver(vertx, null, hosts)
        .compose(server -> sender.send("http://hooks.test:" + server.actualPort() + "/a",
                MultiMap.caseInsensitiveMultiMap(), "{}", Future::succeededFuture)
            .compose(first -> sender.send("http://hooks.test:" + server.actualPort() + "/b",
                MultiMap.caseInsensitiveMultiMap(), "{}", Future::succeededFuture))
            .map(second -> List.of(second.status())))
        .eventually(sender::close)
        .onComplete(test.succeeding(statuses -> test.verify(() -> {
          assertEquals(List.of(204), statuses);
          assertEquals(2, hosts.size(), "both deliveries reached the target");
          assertEquals(1, lookups.get(), "the host was resolved once");
          test.completeNow();
        })));
  }

  /** A cached lookup is only a lookup: each use checks its addresses against the policy it is used with. */
  @Test
  void aCachedAddressIsCheckedAgainAtEachUse(Vertx vertx, VertxTestContext test) {
    AtomicInteger lookups = new AtomicInteger();
    ResolvedAddresses addresses = new ResolvedAddresses(vertx, host -> {
      lookups.incrementAndGet();
      return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
    }, ResolvedAddresses.DEFAULT_TTL, System::currentTimeMillis);
    TargetPolicy strict = new TargetPolicy(false, Set.of("hooks.test"));
    addresses.checked("hooks.test", LOOPBACK_ALLOWED)
        .compose(allowed -> addresses.checked("hooks.test", strict).transform(Future::succeededFuture))
        .onComplete(test.succeeding(refusedFromCache -> test.verify(() -> {
          assertTrue(refusedFromCache.failed(), "the cached loopback address was refused");
          assertTrue(refusedFromCache.cause() instanceof TargetPolicy.RefusedTarget, refusedFromCache.cause().toString());
          assertEquals(1, lookups.get(), "the second check used the cached lookup");
          test.completeNow();
        })));
  }

  /** A sender refuses a host whose cached address the policy refuses, every time, without asking DNS again. */
  @Test
  void aHostWhoseCachedAddressIsRefusedStaysRefused(Vertx vertx, VertxTestContext test) {
    AtomicInteger lookups = new AtomicInteger();
    WebhookSender sender = new WebhookSender(vertx, LOOPBACK_ALLOWED, Duration.ofSeconds(5), host -> {
      lookups.incrementAndGet();
      return new InetAddress[] {InetAddress.getByName("10.0.0.7")};
    });
    sender.send("https://hooks.test/hook", MultiMap.caseInsensitiveMultiMap(), "{}", Future::succeededFuture)
        .compose(first -> sender.send("https://hooks.test/hook", MultiMap.caseInsensitiveMultiMap(), "{}",
            Future::succeededFuture).map(second -> List.of(first, second)))
        .eventually(sender::close)
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          for (WebhookSender.Outcome outcome : outcomes) {
            assertTrue(outcome.refusedTarget(), outcome.toString());
            assertTrue(outcome.error().contains("non-public address"), outcome.error());
          }
          assertEquals(1, lookups.get(), "the second delivery used the cached lookup");
          test.completeNow();
        })));
  }
}
