package org.crmhub.hub.web;

import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * HTML mail reduced to formatting, tables, links and images (OWASP java-html-sanitizer): no
 * scripts, event handlers, frames, forms, objects or {@code javascript:} URLs survive. Links
 * open outside the app without telling the target where they came from.
 */
final class MailSanitizer {

  private static final PolicyFactory POLICY = Sanitizers.FORMATTING
      .and(Sanitizers.BLOCKS)
      .and(Sanitizers.TABLES)
      .and(Sanitizers.STYLES)
      .and(new HtmlPolicyBuilder()
          .allowElements("a")
          .allowAttributes("href").onElements("a")
          .allowStandardUrlProtocols()
          .requireRelsOnLinks("noopener", "noreferrer")
          .allowAttributes("target").matching(true, "_blank").onElements("a")
          .allowElements("img")
          .allowAttributes("src").onElements("img")
          .allowAttributes("alt", "width", "height").onElements("img")
          .allowElements("hr", "br", "span", "div", "font", "center")
          .allowAttributes("color").onElements("font")
          .allowAttributes("align").onElements("p", "div", "td", "th", "table", "img")
          .toFactory());

  private MailSanitizer() {}

  static String sanitize(String html) {
    return POLICY.sanitize(html);
  }

  /** A complete document around the sanitised body. */
  static String document(String html) {
    return "<!doctype html><html><head><meta charset=\"utf-8\">"
        + "<style>body{font:14px/1.45 system-ui,sans-serif;margin:8px;color:#1b1f24;overflow-wrap:anywhere}"
        + "img{max-width:100%;height:auto}</style></head><body>"
        + sanitize(html) + "</body></html>";
  }
}
