package org.crmhub.connector.email;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 2047 encoded words in a header, decoded as leniently as Python's {@code email} package:
 * adjacent words of one charset are joined as bytes before decoding (a character may be split
 * between two words), base64 with missing padding or stray characters keeps what decodes, and an
 * unknown charset or bytes that are not the declared charset fall back to Windows-1252
 * ({@link Charsets}). Whitespace between two encoded words goes, as the RFC says.
 */
final class EncodedWords {

  private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]{1,40})\\?([bBqQ])\\?([^?\\s]*)\\?=");
  private static final Pattern NOT_BASE64 = Pattern.compile("[^A-Za-z0-9+/]");

  private EncodedWords() {}

  static String decode(String header) {
    Matcher words = ENCODED_WORD.matcher(header);
    StringBuilder out = new StringBuilder();
    ByteArrayOutputStream run = new ByteArrayOutputStream();
    String runCharset = null;
    int last = 0;
    while (words.find()) {
      String gap = header.substring(last, words.start());
      String charset = charsetOf(words.group(1));
      boolean adjacent = runCharset != null && gap.isBlank();
      if (!(adjacent && charset.equalsIgnoreCase(runCharset))) {
        flush(out, run, runCharset);
        runCharset = charset;
        if (!adjacent) {
          out.append(gap);
        }
      }
      byte[] bytes = "B".equalsIgnoreCase(words.group(2)) ? base64(words.group(3)) : quoted(words.group(3));
      run.writeBytes(bytes);
      last = words.end();
    }
    flush(out, run, runCharset);
    return out.append(header.substring(last)).toString();
  }

  private static void flush(StringBuilder out, ByteArrayOutputStream run, String charset) {
    if (run.size() > 0) {
      out.append(Charsets.decode(run.toByteArray(), charset));
      run.reset();
    }
  }

  /** The charset without an RFC 2231 language suffix ({@code utf-8*en}). */
  private static String charsetOf(String declared) {
    int star = declared.indexOf('*');
    return (star < 0 ? declared : declared.substring(0, star)).toLowerCase(Locale.ROOT);
  }

  /** Base64 without its stray characters, a lone trailing character dropped, padding restored. */
  private static byte[] base64(String text) {
    String clean = NOT_BASE64.matcher(text.replaceAll("=+$", "")).replaceAll("");
    if (clean.length() % 4 == 1) {
      clean = clean.substring(0, clean.length() - 1);
    }
    clean = clean + "==".substring(0, (4 - clean.length() % 4) % 4);
    return Base64.getDecoder().decode(clean);
  }

  /** The "Q" encoding: {@code _} is a space, {@code =XX} a byte; a broken escape stays as written. */
  private static byte[] quoted(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '_') {
        bytes.write(' ');
      } else if (c == '=' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
        bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toByteArray();
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
