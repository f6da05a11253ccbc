package org.crmhub.hub.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

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

  public static WebhookSettings fromEnvironment(Map<String, String> env) {
    String schedule = env.get("CRMHUB_WEBHOOK_RETRY_SCHEDULE_MS");
    String hosts = env.getOrDefault("CRMHUB_WEBHOOK_HTTP_HOSTS", "");
    return new WebhookSettings(
        Duration.ofMillis(Long.parseLong(env.getOrDefault("CRMHUB_WEBHOOK_TIMEOUT_MS", "10000"))),
        schedule == null || schedule.isBlank()
            ? STANDARD_SCHEDULE
            : Stream.of(schedule.split(",")).map(ms -> Duration.ofMillis(Long.parseLong(ms.trim()))).toList(),
        "true".equalsIgnoreCase(env.get("CRMHUB_WEBHOOK_ALLOW_LOOPBACK_FOR_TESTS")),
        Set.copyOf(Stream.of(hosts.split(",")).map(String::trim).filter(h -> !h.isEmpty()).toList()));
  }

  public TargetPolicy targetPolicy() {
    return new TargetPolicy(allowLoopback, httpAllowedHosts);
  }
}
