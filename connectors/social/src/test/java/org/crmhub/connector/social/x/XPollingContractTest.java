package org.crmhub.connector.social.x;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.crmhub.connector.Connector;
import org.crmhub.connector.testkit.ConnectorContract;

/**
 * X polled against the fake X API, against the connector contract: a mention is taken once the
 * mentions offset ({@code since_id}) has moved to it, which happens only after accept. X never
 * sends a mention twice by itself; a poll reads it again when the offset was not saved (a hub that
 * stopped between accept and saving), and that read must be a duplicate.
 */
class XPollingContractTest extends ConnectorContract {

  private static final String CUSTOMER = "2000000002";

  private final Map<String, String> tweetIds = new ConcurrentHashMap<>();
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
  protected boolean savesOffsets() {
    return true;
  }

  @Override
  protected Future<Void> stopProvider() {
    return fakeX == null ? Future.succeededFuture() : fakeX.stop();
  }

  @Override
  protected Future<Void> deliver(String key) {
    tweetIds.put(key, fakeX.mention(CUSTOMER, "erin", "@shop where is order " + key + "?", null));
    return Future.succeededFuture();
  }

  /** The offset falls back to just before the mention, so the next poll reads it again. */
  @Override
  protected Future<Void> redeliver(String key) {
    return context.state().put(XPoller.MENTIONS_SINCE, Long.toString(Long.parseLong(tweetIds.get(key)) - 1));
  }

  /** The poller asks X again by itself. */
  @Override
  protected Future<Void> retry(String key) {
    return Future.succeededFuture();
  }

  @Override
  protected Future<Boolean> acknowledged(String key) {
    String since = context.state().value(XPoller.MENTIONS_SINCE);
    return Future.succeededFuture(since != null && XContacts.compareIds(since, tweetIds.get(key)) >= 0);
  }

  @Override
  protected Future<Boolean> leftForRetry(String key) {
    return acknowledged(key).map(taken -> !taken);
  }
}
