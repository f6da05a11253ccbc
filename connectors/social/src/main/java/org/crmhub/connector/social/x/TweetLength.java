package org.crmhub.connector.social.x;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts a tweet the way X limits it: characters as code points (an emoji is one), and every
 * link as 23 whatever its length, because X shortens them all to t.co links.
 */
final class TweetLength {

  static final int MAX = 280;
  static final int LINK = 23;
  private static final Pattern URL = Pattern.compile("https?://[^\\s]+", Pattern.CASE_INSENSITIVE);

  private TweetLength() {}

  static int of(String text) {
    int count = 0;
    int last = 0;
    Matcher links = URL.matcher(text);
    while (links.find()) {
      count += text.codePointCount(last, links.start()) + LINK;
      last = links.end();
    }
    return count + text.codePointCount(last, text.length());
  }

  /** @throws IllegalArgumentException naming the count, before anything is sent */
  static void check(String text) {
    int length = of(text);
    if (length > MAX) {
      throw new IllegalArgumentException("a reply tweet can hold at most " + MAX + " characters; this one counts "
          + length + " (each link counts " + LINK + "). Shorten it, or answer by DM");
    }
  }
}
