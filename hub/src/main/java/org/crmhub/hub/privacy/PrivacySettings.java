package org.crmhub.hub.privacy;

import java.time.Duration;
import org.crmhub.connector.Environment;

/**
 * How long the hub keeps what customers told it.
 *
 * @param retentionDays closed conversations last active longer ago than this are erased, and then
 *     customers left with nothing; 0 keeps everything
 * @param retentionCheckEvery how often one hub looks for what has passed the retention period
 */
public record PrivacySettings(int retentionDays, Duration retentionCheckEvery) {

  public static final PrivacySettings KEEP_EVERYTHING = new PrivacySettings(0, Duration.ofHours(1));

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
        env.seconds("CRMHUB_RETENTION_CHECK_SECONDS", Duration.ofHours(1)));
  }

  public boolean retains() {
    return retentionDays > 0;
  }
}
