package org.crmhub.hub;

import java.security.SecureRandom;
import java.util.Base64;

/** Random, URL-safe identifiers with a short prefix that says what they name. */
public final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private Ids() {}

  /** {@code prefix_} + 96 random bits. */
  public static String next(String prefix) {
    return prefix + "_" + randomToken(12);
  }

  /** {@code bytes} random bytes, base64url without padding. */
  public static String randomToken(int bytes) {
    byte[] buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return ENCODER.encodeToString(buffer);
  }
}
