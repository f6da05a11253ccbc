package org.crmhub.connector;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 as providers sign their webhooks (Meta: hex, X: base64, Standard Webhooks: base64),
 * and the constant-time comparison every check must use.
 */
public final class HmacSha256 {

  private HmacSha256() {}

  public static byte[] sign(byte[] key, byte[] content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }

  public static byte[] sign(String key, byte[] content) {
    return sign(key.getBytes(StandardCharsets.UTF_8), content);
  }

  public static String hex(String key, byte[] content) {
    return HexFormat.of().formatHex(sign(key, content));
  }

  public static String base64(String key, byte[] content) {
    return Base64.getEncoder().encodeToString(sign(key, content));
  }

  /** Constant-time; false when either side is missing. Hex is compared case-insensitively. */
  public static boolean matchesHex(String expectedHex, String given) {
    return given != null && equal(expectedHex.toLowerCase(Locale.ROOT), given.trim().toLowerCase(Locale.ROOT));
  }

  /** Constant-time; false when either side is missing. */
  public static boolean equal(String expected, String given) {
    return expected != null && given != null && MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
