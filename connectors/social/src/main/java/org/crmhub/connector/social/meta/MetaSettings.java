package org.crmhub.connector.social.meta;

import static org.crmhub.connector.ConnectorSettings.optionalText;

import io.vertx.core.json.JsonObject;

/**
 * The Meta (Messenger / Instagram) channel's settings. Receiving needs the app secret (it signs
 * every webhook) and the verify token (the subscription handshake); replying needs the page
 * access token too.
 */
record MetaSettings(String appSecret, String verifyToken, String pageAccessToken, String graphBaseUrl,
    String apiVersion) {

  static final String DEFAULT_GRAPH_BASE_URL = "https://graph.facebook.com";
  static final String DEFAULT_API_VERSION = "v21.0";

  static MetaSettings from(JsonObject config) {
    return new MetaSettings(optionalText(config, "appSecret"), optionalText(config, "verifyToken"),
        optionalText(config, "pageAccessToken"),
        config.getString("graphBaseUrl", DEFAULT_GRAPH_BASE_URL).replaceAll("/+$", ""),
        config.getString("apiVersion", DEFAULT_API_VERSION));
  }

  boolean receives() {
    return appSecret != null && verifyToken != null;
  }

  boolean sends() {
    return receives() && pageAccessToken != null;
  }

  /** Never prints a secret. */
  @Override
  public String toString() {
    return "MetaSettings[graphBaseUrl=" + graphBaseUrl + ", apiVersion=" + apiVersion + ", sends=" + sends() + "]";
  }
}
