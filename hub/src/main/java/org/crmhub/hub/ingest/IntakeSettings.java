package org.crmhub.hub.ingest;

import java.time.Duration;
import org.crmhub.connector.Environment;

/**
 * How the hub holds its intake to what it can file: past {@code paceAbove} contacts waiting it
 * answers new ones more slowly (see {@link IntakePacing}), past {@code maxBacklog} it refuses them
 * (503, Retry-After) rather than letting Redis fill up.
 *
 * @param maxBacklog contacts accepted but not yet filed beyond which new ones are refused; 0 for no limit
 * @param paceAbove contacts waiting beyond which answers to new ones are slowed; 0 never slows them
 * @param maxPaceDelay the longest an answer is held back for it
 */
public record IntakeSettings(long maxBacklog, long paceAbove, Duration maxPaceDelay) {

  public static final long DEFAULT_MAX_BACKLOG = 100_000;
  public static final long DEFAULT_PACE_ABOVE = 1_000;
  public static final Duration DEFAULT_MAX_PACE_DELAY = Duration.ofMillis(500);
  /** Well under what webhook senders wait for an answer (Twilio 15 s, Meta 20 s) before they retry. */
  static final Duration LONGEST_PACE_DELAY = Duration.ofSeconds(5);

  public static final IntakeSettings DEFAULTS = new IntakeSettings(DEFAULT_MAX_BACKLOG, DEFAULT_PACE_ABOVE,
      DEFAULT_MAX_PACE_DELAY);

  public IntakeSettings {
    if (maxBacklog < 0) {
      throw new IllegalArgumentException("CRMHUB_MAX_BACKLOG must not be negative, got " + maxBacklog);
    }
    if (paceAbove < 0) {
      throw new IllegalArgumentException("CRMHUB_PACE_ABOVE_BACKLOG must not be negative, got " + paceAbove);
    }
    if (maxPaceDelay.isNegative() || maxPaceDelay.compareTo(LONGEST_PACE_DELAY) > 0) {
      throw new IllegalArgumentException("CRMHUB_PACE_MAX_DELAY_MS must be 0 to " + LONGEST_PACE_DELAY.toMillis()
          + " ms, got " + maxPaceDelay.toMillis());
    }
  }

  public static IntakeSettings fromEnvironment(Environment env) {
    return new IntakeSettings(env.countOrZero("CRMHUB_MAX_BACKLOG", DEFAULT_MAX_BACKLOG),
        env.countOrZero("CRMHUB_PACE_ABOVE_BACKLOG", DEFAULT_PACE_ABOVE),
        env.millis("CRMHUB_PACE_MAX_DELAY_MS", DEFAULT_MAX_PACE_DELAY));
  }

  public IntakeSettings withMaxBacklog(long limit) {
    return new IntakeSettings(limit, paceAbove, maxPaceDelay);
  }

  /** Whether answers are ever slowed. */
  public boolean pacing() {
    return paceAbove > 0 && maxPaceDelay.toMillis() > 0;
  }
}
