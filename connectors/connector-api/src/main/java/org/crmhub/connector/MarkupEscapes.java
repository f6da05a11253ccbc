package org.crmhub.connector;

/**
 * Undoes the five markup escapes some providers put into plain text: X sends tweet and DM text
 * with "&amp;amp;", "&amp;lt;" and "&amp;gt;" escaped, which an agent should read as "&amp;", "&lt;" and
 * "&gt;" (the inbox escapes text itself when it shows it).
 */
public final class MarkupEscapes {

  private static final String[] ESCAPES = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
  private static final char[] CHARACTERS = {'&', '<', '>', '"', '\''};

  private MarkupEscapes() {}

  /** {@code text} with the escapes replaced by their characters, in one pass; {@code text} itself when it has none. */
  public static String unescape(String text) {
    if (text == null || text.indexOf('&') < 0) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    for (int at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) {
      for (int e = 0; e < ESCAPES.length; e++) {
        if (text.startsWith(ESCAPES[e], at)) {
          if (out == null) {
            out = new StringBuilder(text.length());
          }
          out.append(text, copied, at).append(CHARACTERS[e]);
          copied = at + ESCAPES[e].length();
          break;
        }
      }
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }
}
