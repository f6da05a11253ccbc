package org.crmhub.connector.social.meta;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HexFormat;
import org.crmhub.connector.Connector;
import org.crmhub.connector.testkit.ProviderHmac;
import org.crmhub.connector.testkit.WebhookConnectorContract;

/** Meta's Messenger webhooks against the connector contract, signed as Meta signs them (X-Hub-Signature-256). */
class MetaContractTest extends WebhookConnectorContract {

  private static final String APP_SECRET = "contract-test-app-secret";
  private static final String PAGE_ID = "1029384756";

  @Override
  protected Connector newConnector() {
    return new MetaConnector();
  }

  @Override
  protected Future<JsonObject> settings(Vertx vertx) {
    return Future.succeededFuture(new JsonObject().put("appSecret", APP_SECRET).put("verifyToken", "contract-verify"));
  }

  /** One Messenger message; the key is its mid, and Meta retries a POST byte for byte. */
  @Override
  protected ProviderRequest signedEvent(String key) {
    return signedWith(APP_SECRET, key);
  }

  private static ProviderRequest signedWith(String secret, String key) {
    String body = new JsonObject().put("object", "page").put("entry", new JsonArray().add(new JsonObject()
        .put("id", PAGE_ID).put("time", 1_700_000_000_000L).put("messaging", new JsonArray().add(new JsonObject()
            .put("sender", new JsonObject().put("id", "24681357"))
            .put("recipient", new JsonObject().put("id", PAGE_ID))
            .put("timestamp", 1_700_000_000_000L)
            .put("message", new JsonObject().put("mid", "m_" + key).put("text", "where is order " + key + "?")))))).encode();
    return new ProviderRequest(HttpMethod.POST, MetaConnector.PATH, MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/json")
        .add("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(ProviderHmac.sha256(secret, body))),
        Buffer.buffer(body));
  }

  @Override
  protected ProviderRequest unsigned(ProviderRequest signed) {
    return signed.withHeader("X-Hub-Signature-256", null);
  }

  @Override
  protected ProviderRequest wronglySigned(ProviderRequest signed) {
    return signed.withHeader("X-Hub-Signature-256",
        signedWith("another-app-secret", "forged").headers().get("X-Hub-Signature-256"));
  }
}
