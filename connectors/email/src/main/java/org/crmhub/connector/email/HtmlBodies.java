package org.crmhub.connector.email;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * HTML mail made safe to show (OWASP java-html-sanitizer): formatting, blocks, tables, links and
 * styles stay; scripts, event handlers, forms, frames and {@code javascript:} URLs go. Remote
 * images never load by themselves: their address moves to {@code data-external-src}, for the UI
 * to offer behind a click. Inline images ({@code cid:}) point at their stored attachment.
 */
final class HtmlBodies {

  static final String EXTERNAL_SRC = "data-external-src";
  private static final Pattern SAFE_HREF = Pattern.compile("^(https?:|mailto:|#).*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern SAFE_SRC = Pattern.compile(
      "^(https?:|cid:|/api/v1/attachments/|data:image/(png|gif|jpe?g|webp);base64,).*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern REMOTE = Pattern.compile("^https?:.*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private HtmlBodies() {}

  /** @param inlineImages content id (without brackets) -> the URL its stored content is served at */
  static String sanitize(String html, Map<String, String> inlineImages) {
    if (html == null || html.isBlank()) {
      return null;
    }
    PolicyFactory policy = Sanitizers.FORMATTING.and(Sanitizers.BLOCKS).and(Sanitizers.TABLES).and(Sanitizers.STYLES)
        .and(new HtmlPolicyBuilder()
            .allowElements("a", "span", "div", "font", "center", "hr", "br", "small", "big", "sub", "sup", "pre",
                "code", "caption", "thead", "tbody", "tfoot", "colgroup", "col")
            .allowUrlProtocols("http", "https", "mailto", "cid", "data")
            .allowAttributes("href").matching(SAFE_HREF).onElements("a")
            .allowAttributes("title").globally()
            .requireRelsOnLinks("nofollow", "noopener", "noreferrer")
            .allowAttributes("alt", "width", "height").onElements("img")
            .allowAttributes("src").matching(SAFE_SRC).onElements("img")
            .allowElements((name, attributes) -> {
              rewriteImage(attributes, inlineImages);
              return name;
            }, "img")
            .allowAttributes("color", "face", "size").onElements("font")
            .allowAttributes("colspan", "rowspan", "align", "valign", "width").onElements("td", "th", "table", "tr")
            .toFactory());
    return policy.sanitize(html);
  }

  private static void rewriteImage(List<String> attributes, Map<String, String> inlineImages) {
    for (int i = 0; i + 1 < attributes.size(); i += 2) {
      if (!"src".equals(attributes.get(i))) {
        continue;
      }
      String src = attributes.get(i + 1);
      if (REMOTE.matcher(src).matches()) {
        attributes.set(i, EXTERNAL_SRC);
      } else if (src.regionMatches(true, 0, "cid:", 0, 4)) {
        String stored = inlineImages.get(src.substring(4).replaceAll("^<|>$", ""));
        if (stored != null) {
          attributes.set(i + 1, stored);
        } else {
          attributes.remove(i + 1);
          attributes.remove(i);
        }
      }
      return;
    }
  }

  private static final Pattern INVISIBLE = Pattern.compile("(?is)<(script|style|head|title)\\b.*?</\\1\\s*>");
  private static final Pattern LINE_BREAKS = Pattern.compile("(?i)<(br|/p|/div|/li|/tr|/h[1-6]|/blockquote)\\b[^>]*>");
  private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
  private static final Pattern ENTITY = Pattern.compile("&(#x?[0-9a-fA-F]{1,6}|amp|lt|gt|quot|apos|nbsp);");

  /** Plain text from an HTML body, for mail that sends no text part. */
  static String toText(String html) {
    if (html == null) {
      return null;
    }
    String text = INVISIBLE.matcher(html).replaceAll(" ");
    text = LINE_BREAKS.matcher(text).replaceAll("\n");
    text = TAG.matcher(text).replaceAll("");
    Matcher entities = ENTITY.matcher(text);
    StringBuilder out = new StringBuilder();
    while (entities.find()) {
      entities.appendReplacement(out, Matcher.quoteReplacement(entity(entities.group(1))));
    }
    entities.appendTail(out);
    return out.toString().replaceAll("[ \\t\\x0B\\f\\r]+", " ").replaceAll(" ?\\n ?", "\n")
        .replaceAll("\\n{3,}", "\n\n").strip();
  }

  private static String entity(String name) {
    switch (name) {
      case "amp": return "&";
      case "lt": return "<";
      case "gt": return ">";
      case "quot": return "\"";
      case "apos": return "'";
      case "nbsp": return " ";
      default:
        try {
          int code = name.startsWith("#x") || name.startsWith("#X")
              ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
          return Character.isValidCodePoint(code) && code != 0 ? new String(Character.toChars(code)) : "";
        } catch (NumberFormatException e) {
          return "";
        }
    }
  }
}
