package org.crmhub.connector.ivr;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's {@code X-Twilio-Signature}: base64 HMAC-SHA1, keyed with the account's auth token, over
 * the full URL Twilio called (query included) followed by every POST parameter's name and value,
 * in name order, with no separators.
 */
public final class TwilioSignature {

  private TwilioSignature() {}

  /** @param params form parameters (a name sent twice keeps its last value, as Twilio never does that) */
  public static String compute(String authToken, String url, Map<String, String> params) {
    StringBuilder signed = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, value) -> signed.append(name).append(value));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JVM", e);
    }
  }

  /** Constant-time comparison; false for a missing signature. */
  public static boolean verify(String authToken, String url, Map<String, String> params, String signature) {
    if (signature == null || signature.isEmpty()) {
      return false;
    }
    byte[] expected = compute(authToken, url, params).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
  }
}
