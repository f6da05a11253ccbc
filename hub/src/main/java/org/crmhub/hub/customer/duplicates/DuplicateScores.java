package org.crmhub.hub.customer.duplicates;

import java.time.Instant;

/** Orders suggestions: strong ones (an identity claimed twice) first, then the newest. */
final class DuplicateScores {

  /** Added to a strong pair's time; larger than any epoch millisecond this index will see. */
  static final long STRONG = 10_000_000_000_000L;

  private DuplicateScores() {}

  static String weak(Instant at) {
    return Long.toString(at.toEpochMilli());
  }

  static String strong(Instant at) {
    return Long.toString(at.toEpochMilli() + STRONG);
  }
}
