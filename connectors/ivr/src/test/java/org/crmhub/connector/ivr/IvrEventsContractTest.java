package org.crmhub.connector.ivr;

import com.standardwebhooks.Webhook;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.crmhub.connector.Connector;
import org.crmhub.connector.testkit.WebhookConnectorContract;

/** Generic IVR events against the connector contract, signed with the official Standard Webhooks library. */
class IvrEventsContractTest extends WebhookConnectorContract {

  private static final String SECRET = "whsec_Y29udHJhY3QtdGVzdC1pdnItZXZlbnRzLXNlY3JldA==";
  private static final String OTHER_SECRET = "whsec_YW5vdGhlci1zeXN0ZW1zLXNlY3JldC0xMjM0NTY3OA==";

  @Override
  protected Connector newConnector() {
    return new IvrEventsConnector();
  }

  @Override
  protected Future<JsonObject> settings(Vertx vertx) {
    return Future.succeededFuture(new JsonObject().put("eventsSecret", SECRET));
  }

  /** A call.started; the key is the webhook-id, which a retrying sender keeps. */
  @Override
  protected ProviderRequest signedEvent(String key) {
    return signedWith(SECRET, "evt_" + key);
  }

  private static ProviderRequest signedWith(String secret, String id) {
    String body = new JsonObject().put("type", "call.started").put("callId", "call-" + id)
        .put("from", "+14155550123").encode();
    long timestamp = System.currentTimeMillis() / 1000;
    String signature;
    try {
      signature = new Webhook(secret).sign(id, timestamp, body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return new ProviderRequest(HttpMethod.POST, IvrEventsConnector.PATH, MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/json")
        .add("webhook-id", id)
        .add("webhook-timestamp", Long.toString(timestamp))
        .add("webhook-signature", signature), Buffer.buffer(body));
  }

  @Override
  protected ProviderRequest unsigned(ProviderRequest signed) {
    return signed.withHeader("webhook-signature", null);
  }

  @Override
  protected ProviderRequest wronglySigned(ProviderRequest signed) {
    return signed.withHeader("webhook-signature",
        signedWith(OTHER_SECRET, signed.headers().get("webhook-id")).headers().get("webhook-signature"));
  }
}
