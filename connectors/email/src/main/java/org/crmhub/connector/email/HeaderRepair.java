package org.crmhub.connector.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mends two header mistakes that Jakarta Mail reads strictly and Python's {@code email} package
 * reads as meant: empty parameters in a Content-Type ({@code text/plain;; charset=utf-8}), and a
 * header/body separator line holding spaces, after which Jakarta Mail took the body for headers.
 */
final class HeaderRepair {

  /** A line of only blanks followed by a line that is neither a header nor a folded one. */
  private static final Pattern BLANK_SEPARATOR = Pattern.compile(
      "\\r?\\n([ \\t]+)\\r?\\n(?![ \\t]|[\\x21-\\x39\\x3b-\\x7e]+:)");
  private static final Pattern EMPTY_PARAMETERS = Pattern.compile(";(\\s*;)+");
  /** A header block longer than this is not searched (nothing sane is that long). */
  private static final int MAX_HEADER_SCAN = 256 * 1024;

  private HeaderRepair() {}

  /** The source with a blank-holding separator line emptied, when its header block has one. */
  static byte[] separatorLine(byte[] source) {
    // one char per byte, so positions in the text are positions in the source
    String text = new String(source, 0, Math.min(source.length, MAX_HEADER_SCAN), StandardCharsets.ISO_8859_1);
    int end = headerEnd(text);
    Matcher blank = BLANK_SEPARATOR.matcher(text).region(0, Math.min(text.length(), end + 2));
    if (!blank.find() || blank.start(1) > end) {
      return source;
    }
    byte[] mended = new byte[source.length - (blank.end(1) - blank.start(1))];
    System.arraycopy(source, 0, mended, 0, blank.start(1));
    System.arraycopy(source, blank.end(1), mended, blank.start(1), source.length - blank.end(1));
    return mended;
  }

  /** Where the header block ends: the first empty line, or the end of the source. */
  private static int headerEnd(String text) {
    int crlf = text.indexOf("\r\n\r\n");
    int lf = text.indexOf("\n\n");
    int end = crlf < 0 ? lf : (lf < 0 ? crlf : Math.min(crlf, lf));
    return end < 0 ? text.length() : end;
  }

  /** Rewrites a part's Content-Type without its empty parameters when that makes it readable. */
  static void contentType(Part part) {
    try {
      String raw = part.getContentType();
      if (raw == null || !EMPTY_PARAMETERS.matcher(raw).find() && !raw.strip().endsWith(";")) {
        return;
      }
      String mended = EMPTY_PARAMETERS.matcher(raw).replaceAll(";").strip().replaceAll(";$", "");
      new ContentType(mended);
      part.setHeader("Content-Type", mended);
    } catch (MessagingException | RuntimeException unmendable) {
      // the reader's own fallbacks take it from here
    }
  }
}
