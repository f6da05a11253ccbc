package org.crmhub.connector.social.x;

import java.time.Instant;

/**
 * What X said about an endpoint's budget ({@code x-rate-limit-remaining}, {@code x-rate-limit-reset}
 * in epoch seconds): once it is spent, or X answered 429, that endpoint waits for the reset.
 */
record RateLimit(int remaining, Instant reset) {

  /** A little past the reset, so the first request is not refused again for a clock skew. */
  private static final long MARGIN_MILLIS = 500;
  /** When a 429 names no reset: X's windows are fifteen minutes. */
  static final long UNKNOWN_RESET_SECONDS = 15 * 60;

  static RateLimit of(String remaining, String reset) {
    try {
      return remaining == null || reset == null ? null
          : new RateLimit(Integer.parseInt(remaining.trim()), Instant.ofEpochSecond(Long.parseLong(reset.trim())));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  boolean spent() {
    return remaining <= 0;
  }

  Instant notBefore() {
    return reset.plusMillis(MARGIN_MILLIS);
  }

  /** X refused a request for its rate limit; the endpoint waits until {@link #notBefore}. */
  static final class ExceededException extends RuntimeException {
    private final Instant notBefore;

    ExceededException(String endpoint, RateLimit limit) {
      super(endpoint + " is rate limited by X until " + (limit == null ? "a later window" : limit.reset()));
      this.notBefore = limit != null ? limit.notBefore() : Instant.now().plusSeconds(UNKNOWN_RESET_SECONDS);
    }

    Instant notBefore() {
      return notBefore;
    }
  }
}
