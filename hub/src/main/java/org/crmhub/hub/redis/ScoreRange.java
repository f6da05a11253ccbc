package org.crmhub.hub.redis;

/** Scores from {@code min} to {@code max}, both included; infinities for an open end. */
public record ScoreRange(double min, double max) {

  public static ScoreRange all() {
    return new ScoreRange(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  public static ScoreRange atLeast(double min) {
    return new ScoreRange(min, Double.POSITIVE_INFINITY);
  }

  public static ScoreRange atMost(double max) {
    return new ScoreRange(Double.NEGATIVE_INFINITY, max);
  }
}
