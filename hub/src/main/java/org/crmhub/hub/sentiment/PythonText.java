package org.crmhub.hub.sentiment;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The few Python string and number semantics VADER's behaviour depends on, reproduced exactly so the
 * port tokenises, detects ALL CAPS and rounds like vaderSentiment does.
 */
final class PythonText {

  private PythonText() {}

  /** Python's {@code str.isspace()} for one char, the separator set of {@code str.split()}. */
  static boolean isWhitespace(char c) {
    if (c <= ' ') {
      return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\u001c' && c <= '\u001f');
    }
    return c == '\u0085' || c == '\u00a0' || c == '\u1680' || (c >= '\u2000' && c <= '\u200a')
        || c == '\u2028' || c == '\u2029' || c == '\u202f' || c == '\u205f' || c == '\u3000';
  }

  /** Membership in Python's {@code string.punctuation} (all ASCII punctuation). */
  static boolean isAsciiPunctuation(char c) {
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
  }

  /**
   * Python's {@code str.isupper()}: at least one cased character and no lowercase or titlecase one.
   * Digits and punctuation are ignored, so "SUX!" and "100%" differ (true / false).
   */
  static boolean isUpper(String s) {
    return isUpper(s, 0, s.length());
  }

  /** {@link #isUpper(String)} of {@code s[from, to)}. */
  static boolean isUpper(String s, int from, int to) {
    boolean sawUpper = false;
    for (int i = from; i < to; ) {
      int cp = s.codePointAt(i);
      if (Character.isLowerCase(cp) || Character.isTitleCase(cp)) {
        return false;
      }
      if (Character.isUpperCase(cp)) {
        sawUpper = true;
      }
      i += Character.charCount(cp);
    }
    return sawUpper;
  }

  /**
   * Python's {@code round(x, digits)} for the small magnitudes VADER produces: the double nearest to
   * the exact value rounded half-to-even. The cheap path is exact unless the scaled value sits
   * next to a tie, where the binary value must decide, so that case goes through BigDecimal.
   */
  static double round(double x, int digits) {
    double scale = digits == 4 ? 1e4 : Math.pow(10, digits);
    double scaled = x * scale;
    double fraction = scaled - Math.floor(scaled);
    double rounded;
    if (Math.abs(fraction - 0.5) < 1e-6) {
      rounded = new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
    } else {
      rounded = Math.rint(scaled) / scale;
    }
    // Python would keep -0.0; callers only ever compare or print it, and "-0.0000" is noise.
    return rounded + 0.0;
  }
}
