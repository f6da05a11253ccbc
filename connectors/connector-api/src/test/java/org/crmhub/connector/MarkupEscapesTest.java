package org.crmhub.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class MarkupEscapesTest {

  @Test
  void undoesTheFiveEscapesOnceAndLeavesEverythingElse() {
    assertEquals("Tom & Jerry <3 \"hi\" it's > 2", MarkupEscapes.unescape("Tom &amp; Jerry &lt;3 &quot;hi&quot; it&#39;s &gt; 2"));
    // an escaped escape becomes the escape, not the character: one pass only
    assertEquals("&lt;script&gt;", MarkupEscapes.unescape("&amp;lt;script&amp;gt;"));
    assertEquals("AT&T & co &nbsp; &", MarkupEscapes.unescape("AT&T &amp; co &nbsp; &"));
    String plain = "no escapes here";
    assertSame(plain, MarkupEscapes.unescape(plain));
    assertNull(MarkupEscapes.unescape(null));
  }
}
