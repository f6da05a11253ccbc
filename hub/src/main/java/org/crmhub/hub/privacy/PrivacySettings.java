package org.crmhub.hub.privacy;

import java.time.Duration;
import org.crmhub.connector.Environment;

/**
 * How long the hub keeps what customers told it.
 *
 * @param retentionDays closed conversations last active longer ago than this are erased, and then
 *     customers left with nothing; 0 keeps everything
 * @param retentionCheckEvery how often one hub looks for what has passed the retention period
 * @param auditRetention how long the audit trail keeps an entry
 */
public record PrivacySettings(int retentionDays, Duration retentionCheckEvery, Duration auditRetention) {

  /** No retention period, the audit trail kept a year. */
  public static final PrivacySettings KEEP_EVERYTHING = new PrivacySettings(0, Duration.ofHours(1),
      Duration.ofDays(365));

  public PrivacySettings {
    if (retentionDays < 0) {
      throw new IllegalArgumentException("CRMHUB_RETENTION_DAYS must be 0 (keep everything) or more");
    }
    if (retentionCheckEvery.isZero() || retentionCheckEvery.isNegative()) {
      throw new IllegalArgumentException("CRMHUB_RETENTION_CHECK_SECONDS must be at least 1");
    }
  }

  public static PrivacySettings fromEnvironment(Environment env) {
    return new PrivacySettings(env.wholeNumber("CRMHUB_RETENTION_DAYS", 0),
        env.seconds("CRMHUB_RETENTION_CHECK_SECONDS", Duration.ofHours(1)),
        Duration.ofDays(env.positiveNumber("CRMHUB_AUDIT_RETENTION_DAYS", 365)));
  }

  public boolean retains() {
    return retentionDays > 0;
  }
}
