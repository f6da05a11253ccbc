package org.crmhub.hub.ingest;

import java.time.Duration;
import org.crmhub.connector.Environment;

/**
 * How many replicas must confirm an accepted contact before the hub answers for it, and how long
 * it waits for them. Zero replicas (the default, and all the embedded Redis has) answers once the
 * primary has the contact.
 *
 * @param replicas replicas that must confirm ({@code WAIT replicas timeout}); 0 for none
 * @param timeout how long Redis waits for them before the accept fails (503, Retry-After)
 */
public record ReplicaAcks(int replicas, Duration timeout) {

  /** Below Lettuce's five-second command timeout, which would otherwise fail the WAIT first. */
  static final Duration LONGEST_TIMEOUT = Duration.ofSeconds(4);
  public static final ReplicaAcks NONE = new ReplicaAcks(0, Duration.ofSeconds(1));

  public ReplicaAcks {
    if (replicas < 0) {
      throw new IllegalArgumentException("CRMHUB_REDIS_REPLICA_ACKS must not be negative, got " + replicas);
    }
    if (timeout.isZero() || timeout.compareTo(LONGEST_TIMEOUT) > 0) {
      // WAIT with timeout 0 would wait for ever
      throw new IllegalArgumentException("CRMHUB_REDIS_REPLICA_ACK_TIMEOUT_MS must be 1 to "
          + LONGEST_TIMEOUT.toMillis() + " ms, got " + timeout.toMillis());
    }
  }

  public static ReplicaAcks fromEnvironment(Environment env) {
    return new ReplicaAcks(env.wholeNumber("CRMHUB_REDIS_REPLICA_ACKS", 0),
        env.millis("CRMHUB_REDIS_REPLICA_ACK_TIMEOUT_MS", NONE.timeout()));
  }

  public boolean required() {
    return replicas > 0;
  }
}
