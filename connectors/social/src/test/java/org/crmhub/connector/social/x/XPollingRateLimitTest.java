package org.crmhub.connector.social.x;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.crmhub.connector.Connector;
import org.crmhub.connector.testkit.Awaits;
import org.crmhub.connector.testkit.ConnectorTest;
import org.junit.jupiter.api.Test;

/** X polled against the fake X API: an endpoint that answered "rate limited" is not asked again before its reset. */
class XPollingRateLimitTest extends ConnectorTest {

  private FakeX fakeX;

  @Override
  protected Connector newConnector() {
    return new XConnector();
  }

  @Override
  protected Future<JsonObject> settings(Vertx vertx) {
    return FakeX.start(vertx).map(fake -> {
      fakeX = fake;
      return fake.pollingSettings();
    });
  }

  @Override
  protected Future<Void> stopProvider() {
    return fakeX == null ? Future.succeededFuture() : fakeX.stop();
  }

  private Future<Void> morePolls(int count) {
    int before = fakeX.requests().size();
    return Awaits.until(vertx, 10_000, count + " more polls", () -> fakeX.requests().size() >= before + count);
  }

  @Test
  void aRateLimitedEndpointIsNotAskedAgainBeforeItsReset(VertxTestContext test) {
    long reset = System.currentTimeMillis() / 1000 + 3;
    fakeX.refuseNextMentions(reset);
    fakeX.spendNextDms(reset);
    String carol = "2000000003";
    fakeX.mention(carol, "carol", "@shop hello?", null);
    fakeX.dm(carol, "carol", "hi by DM");
    Awaits.until(vertx, 15_000, "the mention and the DM are accepted", () -> context.ingest().accepted().size() == 2)
        .compose(v -> morePolls(4))
        .onComplete(test.succeeding(v -> test.verify(() -> {
          List<FakeX.Request> requests = fakeX.requests();
          assertLimitHeld(requests, "mentions", reset);
          assertLimitHeld(requests, "dm_events", reset);
          test.completeNow();
        })));
  }

  /**
   * After the limited answer (polls before it, from the connector's start, may come first), the
   * endpoint's next request came only after the reset.
   */
  private static void assertLimitHeld(List<FakeX.Request> requests, String endpoint, long resetEpochSeconds) {
    List<FakeX.Request> calls = requests.stream().filter(r -> r.endpoint().equals(endpoint)).toList();
    int limitedAt = calls.stream().filter(FakeX.Request::limited).findFirst().map(calls::indexOf).orElse(-1);
    assertTrue(limitedAt >= 0, endpoint + " was never limited");
    assertTrue(calls.size() >= limitedAt + 2, endpoint + " was asked again after the reset: " + calls.size());
    for (FakeX.Request later : calls.subList(limitedAt + 1, calls.size())) {
      assertTrue(later.atMillis() >= resetEpochSeconds * 1000,
          endpoint + " asked " + (resetEpochSeconds * 1000 - later.atMillis()) + " ms before the reset");
    }
  }
}
