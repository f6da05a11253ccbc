package org.crmhub.connector.email;

import jakarta.mail.internet.MimeUtility;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a text part's bytes into a string whatever it declares: an unknown or missing charset,
 * or bytes that are not the UTF-8 they claim to be, fall back to Windows-1252 (what such mail
 * almost always is); nothing here throws.
 */
final class Charsets {

  private static final Charset FALLBACK = Charset.forName("windows-1252");

  private Charsets() {}

  static String decode(byte[] bytes, String declared) {
    Charset charset = lookup(declared);
    if (charset == null || charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)) {
      String strict = strictUtf8(bytes);
      if (strict != null) {
        return strict;
      }
      if (charset == null || charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)) {
        charset = FALLBACK;
      }
    }
    return lenient(bytes, charset);
  }

  private static Charset lookup(String declared) {
    if (declared == null || declared.isBlank()) {
      return null;
    }
    try {
      return Charset.forName(MimeUtility.javaCharset(declared.strip().replace("\"", "")));
    } catch (IllegalArgumentException unknown) {
      // IllegalCharsetNameException and UnsupportedCharsetException both
      return null;
    }
  }

  private static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException notUtf8) {
      return null;
    }
  }

  private static String lenient(byte[] bytes, Charset charset) {
    try {
      return charset.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException | UnsupportedOperationException e) {
      return new String(bytes, FALLBACK);
    }
  }
}
