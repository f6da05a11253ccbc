package org.crmhub.connector.social.x;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import org.crmhub.connector.Connector;
import org.crmhub.connector.testkit.ProviderHmac;
import org.crmhub.connector.testkit.WebhookConnectorContract;

/** X in push mode (Account Activity webhooks) against the connector contract, signed as X signs them. */
class XPushContractTest extends WebhookConnectorContract {

  private static final String CONSUMER_SECRET = "contract-test-consumer-secret";
  private static final String ACCOUNT_ID = "1000000001";

  @Override
  protected Connector newConnector() {
    return new XConnector();
  }

  /** Push mode never calls X's API: its base URL points at a closed port. */
  @Override
  protected Future<JsonObject> settings(Vertx vertx) {
    return Future.succeededFuture(new JsonObject().put("consumerKey", "contract-key").put("consumerSecret", CONSUMER_SECRET)
        .put("accessToken", "contract-token").put("accessTokenSecret", "contract-token-secret")
        .put("accountUserId", ACCOUNT_ID).put("apiBaseUrl", "http://127.0.0.1:9").put("mode", "push"));
  }

  /** One mention of the account; the key names the tweet, and X redelivers the same bytes. */
  @Override
  protected ProviderRequest signedEvent(String key) {
    return signedWith(CONSUMER_SECRET, key);
  }

  private static ProviderRequest signedWith(String secret, String key) {
    String tweetId = Long.toString(1_800_000_000_000_000_000L + (key.hashCode() & 0x7fffffffL));
    String body = new JsonObject().put("for_user_id", ACCOUNT_ID).put("tweet_create_events", new JsonArray()
        .add(new JsonObject().put("id_str", tweetId).put("text", "@shop where is order " + key + "?")
            .put("created_at", "Wed Oct 10 20:19:24 +0000 2018")
            .put("user", new JsonObject().put("id_str", "2000000002").put("screen_name", "erin")))).encode();
    return new ProviderRequest(HttpMethod.POST, XWebhooks.PATH, MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/json")
        .add("x-twitter-webhooks-signature", "sha256=" + Base64.getEncoder().encodeToString(ProviderHmac.sha256(secret, body))),
        Buffer.buffer(body));
  }

  @Override
  protected ProviderRequest unsigned(ProviderRequest signed) {
    return signed.withHeader("x-twitter-webhooks-signature", null);
  }

  @Override
  protected ProviderRequest wronglySigned(ProviderRequest signed) {
    return signed.withHeader("x-twitter-webhooks-signature",
        signedWith("another-consumer-secret", "forged").headers().get("x-twitter-webhooks-signature"));
  }
}
