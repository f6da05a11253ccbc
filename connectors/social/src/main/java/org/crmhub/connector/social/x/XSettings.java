package org.crmhub.connector.social.x;

import static org.crmhub.connector.ConnectorSettings.optionalText;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;

/**
 * The X channel's settings: the account's OAuth 1.0a user keys (they read mentions, post reply
 * tweets and sign DM calls), optionally an OAuth 2.0 user token for the DM endpoints, the account's
 * user id, one API base URL, and whether events are polled or pushed (Account Activity webhooks).
 */
record XSettings(String consumerKey, String consumerSecret, String accessToken, String accessTokenSecret,
    String bearerToken, String accountUserId, String apiBaseUrl, Duration pollInterval, Mode mode) {

  static final String DEFAULT_API_BASE_URL = "https://api.twitter.com";
  static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(60);

  enum Mode { POLL, PUSH }

  static XSettings from(JsonObject config) {
    String mode = config.getString("mode", "poll").trim().toUpperCase(Locale.ROOT);
    if (!mode.equals("POLL") && !mode.equals("PUSH")) {
      throw new IllegalArgumentException("x.mode must be poll or push, got '" + config.getString("mode") + "'");
    }
    long intervalMillis = config.getLong("pollIntervalMillis", DEFAULT_POLL_INTERVAL.toMillis());
    if (intervalMillis < 100) {
      throw new IllegalArgumentException("the X poll interval must be at least 100 ms");
    }
    return new XSettings(optionalText(config, "consumerKey"), optionalText(config, "consumerSecret"),
        optionalText(config, "accessToken"), optionalText(config, "accessTokenSecret"),
        optionalText(config, "bearerToken"), optionalText(config, "accountUserId"),
        config.getString("apiBaseUrl", DEFAULT_API_BASE_URL).replaceAll("/+$", ""),
        Duration.ofMillis(intervalMillis), Mode.valueOf(mode));
  }

  /** Reading and replying act as the account: all four OAuth 1.0a values and its user id. */
  boolean actsAsAccount() {
    return consumerKey != null && consumerSecret != null && accessToken != null && accessTokenSecret != null
        && accountUserId != null && accountUserId.matches("[0-9]{1,40}");
  }

  boolean polls() {
    return actsAsAccount() && mode == Mode.POLL;
  }

  boolean pushes() {
    return actsAsAccount() && mode == Mode.PUSH;
  }

  /** Never prints a secret. */
  @Override
  public String toString() {
    return "XSettings[account=" + accountUserId + ", apiBaseUrl=" + apiBaseUrl + ", mode=" + mode
        + ", pollInterval=" + pollInterval + "]";
  }
}
