package org.crmhub.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTest {

  @Test
  void markupQuotesAndControlCharactersAreNeutralised() {
    assertEquals("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;\n\uFFFD",
        Html.escape("<script>alert(\"x\")</script> & 'q'\n\u0007"));
    assertEquals("", Html.escape(null));
  }
}
