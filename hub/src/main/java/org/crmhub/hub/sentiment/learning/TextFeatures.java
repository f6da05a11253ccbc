package org.crmhub.hub.sentiment.learning;

import java.util.Arrays;
import java.util.List;
import org.crmhub.hub.sentiment.SentimentScore;

/**
 * What the learned model sees of a text: its words and word pairs, hashed into a fixed number of
 * buckets (so the model's size is bounded whatever the vocabulary), and the rule-based analyser's
 * score. Words are lowercased runs of letters, digits and apostrophes; {@code !}, {@code ?} and
 * each emoji or other symbol are words of their own; every {@code @mention} is the same word (a
 * company's handle says nothing about the mood) and so is every link.
 */
final class TextFeatures {

  /** Hashed word features fall into this many buckets. */
  static final int BUCKETS = 1 << 18;
  /** Names of the features Tribuo sees: a hashed bucket is "h" + its number. */
  static final String BUCKET_PREFIX = "h";
  static final String RULE_COMPOUND = "rule.compound";
  static final String RULE_POSITIVE = "rule.positive";
  static final String RULE_NEGATIVE = "rule.negative";
  static final String[] RULE_LABELS = {"rule.label.negative", "rule.label.neutral", "rule.label.positive"};
  /** Every rule feature's name, in the order of {@link #ruleValues}; built once, never changed. */
  private static final List<String> RULE_FEATURE_NAMES = List.of(RULE_COMPOUND, RULE_POSITIVE, RULE_NEGATIVE,
      RULE_LABELS[0], RULE_LABELS[1], RULE_LABELS[2]);

  private static final int MENTION_HASH = mix("@mention".hashCode());
  private static final int LINK_HASH = mix("<link>".hashCode());
  /** Set apart from words so that a pair never lands where a single word's hash does by construction. */
  private static final int PAIR_SALT = 0x9E3779B9;

  /** Hashed word features: distinct buckets, ascending, with weights of unit length. */
  record Words(int[] buckets, double[] weights) {}

  private TextFeatures() {}

  static Words words(String text) {
    int[] hashes = new int[Math.min(text.length(), 4096) + 1];
    int count = tokenHashes(text, hashes);
    int[] buckets = new int[count == 0 ? 0 : 2 * count - 1];
    int n = 0;
    for (int i = 0; i < count; i++) {
      buckets[n++] = hashes[i] & (BUCKETS - 1);
      if (i > 0) {
        buckets[n++] = mix(hashes[i - 1] * 31 + hashes[i] + PAIR_SALT) & (BUCKETS - 1);
      }
    }
    Arrays.sort(buckets, 0, n);
    int distinct = 0;
    double[] counts = new double[n];
    for (int i = 0; i < n; i++) {
      if (distinct > 0 && buckets[distinct - 1] == buckets[i]) {
        counts[distinct - 1]++;
      } else {
        buckets[distinct] = buckets[i];
        counts[distinct++] = 1;
      }
    }
    double sumOfSquares = 0;
    for (int i = 0; i < distinct; i++) {
      sumOfSquares += counts[i] * counts[i];
    }
    double norm = sumOfSquares == 0 ? 1 : Math.sqrt(sumOfSquares);
    double[] weights = new double[distinct];
    for (int i = 0; i < distinct; i++) {
      weights[i] = counts[i] / norm;
    }
    return new Words(Arrays.copyOf(buckets, distinct), weights);
  }

  static List<String> ruleFeatureNames() {
    return RULE_FEATURE_NAMES;
  }

  /** The rule features' values, in the order of {@link #ruleFeatureNames()}. */
  static double[] ruleValues(SentimentScore rules) {
    double[] values = new double[3 + RULE_LABELS.length];
    values[0] = rules.compound();
    values[1] = rules.positive();
    values[2] = rules.negative();
    values[3 + rules.label().ordinal()] = 1;
    return values;
  }


  /** Writes the hash of each word of the text (its first 4,096 characters) into {@code out}; returns how many. */
  private static int tokenHashes(String text, int[] out) {
    int end = Math.min(text.length(), out.length - 1);
    int count = 0;
    int i = 0;
    while (i < end) {
      int c = text.codePointAt(i);
      int width = Character.charCount(c);
      if (isWordChar(c)) {
        int start = i;
        int hash = 0;
        while (i < end && isWordChar(text.codePointAt(i))) {
          int ch = text.codePointAt(i);
          hash = 31 * hash + Character.toLowerCase(ch);
          i += Character.charCount(ch);
        }
        boolean link = text.startsWith("http", start) && i < end && text.charAt(i) == ':';
        if (link) {
          while (i < end && !Character.isWhitespace(text.charAt(i))) {
            i++;
          }
          out[count++] = LINK_HASH;
        } else {
          out[count++] = mix(hash);
        }
        continue;
      }
      if (c == '@' && i + 1 < end && isWordChar(text.codePointAt(i + 1))) {
        i++;
        while (i < end && (isWordChar(text.codePointAt(i)) || text.charAt(i) == '_')) {
          i += Character.charCount(text.codePointAt(i));
        }
        out[count++] = MENTION_HASH;
        continue;
      }
      if (c == '!' || c == '?' || isSymbol(c)) {
        out[count++] = mix(c * 0x01000193);
      }
      i += width;
    }
    return count;
  }

  private static boolean isWordChar(int c) {
    return Character.isLetterOrDigit(c) || c == '\'' || c == '\u2019';
  }

  private static boolean isSymbol(int c) {
    int type = Character.getType(c);
    return type == Character.OTHER_SYMBOL || type == Character.MATH_SYMBOL;
  }

  /** MurmurHash3's finaliser: spreads String-style hashes over all bits before they are masked. */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    h ^= h >>> 16;
    return h;
  }
}
