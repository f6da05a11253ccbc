package org.crmhub.connector.ivr;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The phone channel's settings.
 *
 * @param menu DTMF digit -> what it means ("2" -> "billing"); the label becomes a routing tag
 * @param smsSendAttempts requests to Twilio for one SMS reply while it answers 429, 5xx or nothing
 * @param smsRetryDelay wait before the second request; doubled before each further one
 */
public record IvrSettings(String authToken, String greeting, Map<String, String> menu, int maxVoicemailSeconds,
    int smsSendAttempts, Duration smsRetryDelay) {

  public static final String DEFAULT_GREETING = "Thank you for calling.";

  /** From the connector config: {@code authToken}, {@code greeting}, {@code menu} ("1=sales,2=billing"). */
  public static IvrSettings from(JsonObject config) {
    Map<String, String> menu = new LinkedHashMap<>();
    for (String entry : config.getString("menu", "1=sales,2=billing,3=support").split(",")) {
      String[] parts = entry.split("=", 2);
      if (parts.length == 2 && parts[0].trim().matches("[0-9*#]") && !parts[1].isBlank()) {
        menu.put(parts[0].trim(), parts[1].trim());
      }
    }
    int attempts = config.getInteger("smsSendAttempts", 3);
    long delay = config.getLong("smsRetryDelayMs", 1000L);
    if (attempts < 1 || attempts > 10 || delay < 0 || delay > 60_000) {
      throw new IllegalArgumentException("phone: smsSendAttempts must be 1..10 and smsRetryDelayMs 0..60000");
    }
    return new IvrSettings(config.getString("authToken"), config.getString("greeting", DEFAULT_GREETING), menu,
        config.getInteger("maxVoicemailSeconds", 120), attempts, Duration.ofMillis(delay));
  }

  /** "For sales press 1. For billing press 2." */
  String menuPrompt() {
    StringBuilder prompt = new StringBuilder();
    menu.forEach((digit, label) -> prompt.append("For ").append(label).append(" press ").append(digit).append(". "));
    return prompt.toString().trim();
  }
}
