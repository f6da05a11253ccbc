package org.crmhub.connector.social.x;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TweetLengthTest {

  @Test
  void codePointsCountOnceAndEveryLinkCountsTwentyThree() {
    assertEquals(5, TweetLength.of("hello"));
    assertEquals(3, TweetLength.of("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"), "an emoji is one character");
    assertEquals(4 + 23, TweetLength.of("see https://example.com/" + "a".repeat(200)));
    assertEquals(23 + 1 + 23, TweetLength.of("http://a.example https://c.example"));
  }

  @Test
  void twoHundredEightyFitAndOneMoreIsRefusedNamingTheCount() {
    TweetLength.check("\uD83D\uDE00".repeat(280));
    TweetLength.check("x".repeat(257) + "https://example.com/" + "p".repeat(500));
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TweetLength.check("x".repeat(281)));
    assertTrue(refused.getMessage().contains("281") && refused.getMessage().contains("280"), refused.getMessage());
  }
}
