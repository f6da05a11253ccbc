package org.crmhub.hub.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.crmhub.connector.Environment;

/**
 * Outbound webhook settings.
 *
 * @param retrySchedule the delay before each attempt; its length is the number of attempts
 * @param allowLoopback test-only: allow loopback targets
 */
public record WebhookSettings(Duration timeout, List<Duration> retrySchedule, boolean allowLoopback,
    Set<String> httpAllowedHosts) {

  /** Immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
  public static final List<Duration> STANDARD_SCHEDULE = List.of(Duration.ZERO, Duration.ofSeconds(5),
      Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
      Duration.ofHours(10), Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));

  public WebhookSettings {
    retrySchedule = List.copyOf(retrySchedule);
    httpAllowedHosts = Set.copyOf(httpAllowedHosts);
    if (retrySchedule.isEmpty()) {
      throw new IllegalArgumentException("the retry schedule needs at least one attempt");
    }
  }

  public static WebhookSettings fromEnvironment(Environment env) {
    List<String> schedule = env.list("CRMHUB_WEBHOOK_RETRY_SCHEDULE_MS");
    return new WebhookSettings(
        env.millis("CRMHUB_WEBHOOK_TIMEOUT_MS", Duration.ofSeconds(10)),
        schedule.isEmpty() ? STANDARD_SCHEDULE : schedule.stream().map(WebhookSettings::retryDelay).toList(),
        env.flag("CRMHUB_WEBHOOK_ALLOW_LOOPBACK_FOR_TESTS", false),
        Set.copyOf(env.list("CRMHUB_WEBHOOK_HTTP_HOSTS")));
  }

  private static Duration retryDelay(String millis) {
    try {
      long value = Long.parseLong(millis);
      if (value >= 0) {
        return Duration.ofMillis(value);
      }
    } catch (NumberFormatException e) {
      // refused below, with the setting's name
    }
    throw new IllegalArgumentException(
        "CRMHUB_WEBHOOK_RETRY_SCHEDULE_MS must list whole milliseconds, not negative, got '" + millis + "'");
  }

  public TargetPolicy targetPolicy() {
    return new TargetPolicy(allowLoopback, httpAllowedHosts);
  }
}
