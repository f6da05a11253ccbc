package org.crmhub.hub.sentiment;

import java.util.Locale;

/** Three-way sentiment class derived from a VADER compound score. */
public enum SentimentLabel {
  NEGATIVE,
  NEUTRAL,
  POSITIVE;

  /** VADER's conventional cut: compound >= 0.05 is positive, <= -0.05 negative, anything between neutral. */
  static final double THRESHOLD = 0.05;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** Lowercase name used on the wire and in the command output ("negative", "neutral", "positive"). */
  public String wireName() {
    return wireName;
  }

  /** Classifies a compound score with VADER's ±0.05 threshold. */
  public static SentimentLabel fromCompound(double compound) {
    if (compound >= THRESHOLD) {
      return POSITIVE;
    }
    if (compound <= -THRESHOLD) {
      return NEGATIVE;
    }
    return NEUTRAL;
  }
}
