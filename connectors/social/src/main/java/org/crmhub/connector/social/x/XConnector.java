package org.crmhub.connector.social.x;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import org.crmhub.connector.Channel;
import org.crmhub.connector.Connector;
import org.crmhub.connector.ConnectorContext;
import org.crmhub.connector.ConnectorSettings;
import org.crmhub.connector.Environment;
import org.crmhub.connector.IdentityType;
import org.crmhub.connector.LeasedPoller;
import org.crmhub.connector.OutboundReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * X: mentions of the account and DMs to it become contacts, polled (one hub at a time, offsets in
 * the connector state, X's rate limits honoured) or pushed by Account Activity webhooks. A reply
 * goes back the way the answered message came: to a mention as a reply tweet, to a DM as a DM.
 */
public final class XConnector implements Connector {

  private static final Logger LOG = LoggerFactory.getLogger(XConnector.class);
  private static final Duration LEASE_TTL = Duration.ofSeconds(30);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

  private XSettings settings;
  private XTweets tweets;
  private XDirectMessages dms;
  private LeasedPoller poller;

  /** OAuth 1.0a user keys, the account polled, poll or push mode. */
  @Override
  public JsonObject withEnvironment(JsonObject section, Environment environment) {
    JsonObject x = new JsonObject()
        .put("consumerKey", environment.text("CRMHUB_X_CONSUMER_KEY"))
        .put("consumerSecret", environment.text("CRMHUB_X_CONSUMER_SECRET"))
        .put("accessToken", environment.text("CRMHUB_X_ACCESS_TOKEN"))
        .put("accessTokenSecret", environment.text("CRMHUB_X_ACCESS_TOKEN_SECRET"))
        .put("bearerToken", environment.text("CRMHUB_X_BEARER_TOKEN"))
        .put("accountUserId", environment.text("CRMHUB_X_ACCOUNT_USER_ID"))
        .put("apiBaseUrl", environment.text("CRMHUB_X_API_BASE_URL"))
        .put("mode", environment.text("CRMHUB_X_MODE"));
    if (environment.text("CRMHUB_X_POLL_INTERVAL_SECONDS") != null) {
      x.put("pollIntervalMillis", environment.seconds("CRMHUB_X_POLL_INTERVAL_SECONDS", null).toMillis());
    }
    return ConnectorSettings.overlay(section, x);
  }

  @Override
  public String name() {
    return "x";
  }

  @Override
  public Set<Channel> channels() {
    return tweets == null ? Set.of() : Set.of(Channel.X);
  }

  @Override
  public Future<Void> start(ConnectorContext context) {
    settings = XSettings.from(context.config());
    if (!settings.actsAsAccount()) {
      LOG.info("X off: CRMHUB_X_CONSUMER_KEY/SECRET, CRMHUB_X_ACCESS_TOKEN/SECRET and CRMHUB_X_ACCOUNT_USER_ID are not all set");
      return Future.succeededFuture();
    }
    XContacts contacts = new XContacts(context.identities());
    // Twitter4J's first client takes seconds of class loading: not on the event loop
    return context.vertx().executeBlocking(() -> new XTweets(context.vertx(), settings, contacts), false)
        .map(client -> {
          tweets = client;
          dms = new XDirectMessages(context.vertx(), settings, tweets.authorization(), contacts);
          if (settings.polls()) {
            XPoller pass = new XPoller(settings, tweets, dms, context.state(), context.ingest());
            poller = new LeasedPoller(context.vertx(), context.leases(), context.health(),
                "x:" + settings.accountUserId(), settings.pollInterval(), LEASE_TTL, MAX_BACKOFF, pass::pass);
            poller.start();
          }
          if (settings.pushes()) {
            new XWebhooks(settings.consumerSecret(), new XActivityEvents(contacts, settings.accountUserId()),
                context.ingest()).mount(context.router());
          }
          LOG.info("X on ({})", settings);
          return null;
        });
  }

  @Override
  public Future<Void> stop() {
    Future<Void> stopped = poller == null ? Future.succeededFuture() : poller.stop();
    return stopped.onComplete(done -> {
      if (dms != null) {
        dms.close();
      }
    });
  }

  /** A reply to a mention is a reply tweet to that tweet; anything else is a DM to the customer. */
  @Override
  public Future<String> send(OutboundReply reply) {
    if (tweets == null) {
      return Future.failedFuture(new IllegalStateException("X is not configured"));
    }
    JsonObject answered = reply.answered();
    if (XContacts.MENTION.equals(answered.getString("kind")) && XContacts.isId(answered.getString("tweetId"))) {
      return tweets.reply(reply.text(), answered.getString("tweetId"));
    }
    String participant = XContacts.isId(answered.getString("senderId")) ? answered.getString("senderId")
        : reply.to().type() == IdentityType.X ? reply.to().value() : null;
    if (participant == null) {
      return Future.failedFuture(new IllegalArgumentException("an X DM needs the customer's X user id"));
    }
    return dms.send(participant, reply.text());
  }
}
