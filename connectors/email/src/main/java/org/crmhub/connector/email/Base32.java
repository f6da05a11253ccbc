package org.crmhub.connector.email;

import java.nio.charset.StandardCharsets;

/** RFC 4648 base32 in lower case without padding: survives a mail system lower-casing it. */
final class Base32 {

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

  private Base32() {}

  static String encode(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  /** The decoded UTF-8 text, or null when {@code text} is not base32. */
  static String decode(String text) {
    byte[] out = new byte[text.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int index = 0;
    for (char c : text.toCharArray()) {
      int value = ALPHABET.indexOf(c);
      if (value < 0) {
        return null;
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        out[index++] = (byte) (buffer >> (bits - 8));
        bits -= 8;
      }
    }
    return new String(out, 0, index, StandardCharsets.UTF_8);
  }
}
