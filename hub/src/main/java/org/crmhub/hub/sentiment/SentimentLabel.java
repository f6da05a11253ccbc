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

  /** The label with this wire name ({@code "negative"}, ...), case-insensitive, or null for any other text. */
  public static SentimentLabel fromWireName(String name) {
    for (SentimentLabel label : values()) {
      if (label.wireName.equalsIgnoreCase(name)) {
        return label;
      }
    }
    return null;
  }

  /** The compound a label stands for when the analyser's own compound falls in another band. */
  private static final double TYPICAL_COMPOUND = 0.5;

  /**
   * The compound a message counts with in conversation and customer sentiment once a person gave
   * it this label: the analyser's own compound when it already lies in the label's band (the
   * person agreed with the direction, the strength stays), else the label's typical value
   * (-0.5, 0, 0.5), so averages move the way the person said.
   */
  public double correctedCompound(double analyserCompound) {
    if (fromCompound(analyserCompound) == this) {
      return analyserCompound;
    }
    return switch (this) {
      case NEGATIVE -> -TYPICAL_COMPOUND;
      case NEUTRAL -> 0.0;
      case POSITIVE -> TYPICAL_COMPOUND;
    };
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
