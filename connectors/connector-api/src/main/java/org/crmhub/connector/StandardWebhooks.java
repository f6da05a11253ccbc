package org.crmhub.connector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Standard Webhooks signature scheme, both ways: {@code v1,} + base64 HMAC-SHA256 over
 * {@code id.timestamp.body}, keyed with the base64 part of a {@code whsec_} secret; several
 * space-separated signatures when secrets overlap. Used by the hub to sign what it sends and by
 * connectors to check what they receive.
 */
public final class StandardWebhooks {

  public static final String SECRET_PREFIX = "whsec_";
  /** How far a timestamp may be from now, either way, before a request counts as replayed. */
  public static final long TOLERANCE_SECONDS = 300;

  private StandardWebhooks() {}

  public static String signatureHeader(List<String> secrets, String id, long timestampSeconds, String body) {
    String signed = id + "." + timestampSeconds + "." + body;
    return secrets.stream().map(secret -> "v1," + base64Hmac(secret, signed)).collect(Collectors.joining(" "));
  }

  /** Why a request was refused. */
  public enum Verdict { VALID, MISSING_HEADERS, STALE_TIMESTAMP, BAD_SIGNATURE }

  public static Verdict verify(String secret, String id, String timestamp, String signatures, String body,
      long nowSeconds) {
    if (id == null || id.isBlank() || timestamp == null || signatures == null) {
      return Verdict.MISSING_HEADERS;
    }
    long sent;
    try {
      sent = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return Verdict.MISSING_HEADERS;
    }
    // compared as bounds, not as a difference: now - sent overflows for timestamps near Long.MIN_VALUE
    if (sent < nowSeconds - TOLERANCE_SECONDS || sent > nowSeconds + TOLERANCE_SECONDS) {
      return Verdict.STALE_TIMESTAMP;
    }
    byte[] expected = base64Hmac(secret, id + "." + sent + "." + body).getBytes(StandardCharsets.US_ASCII);
    for (String candidate : signatures.trim().split(" +")) {
      if (candidate.startsWith("v1,")
          && MessageDigest.isEqual(expected, candidate.substring(3).getBytes(StandardCharsets.US_ASCII))) {
        return Verdict.VALID;
      }
    }
    return Verdict.BAD_SIGNATURE;
  }

  private static String base64Hmac(String secret, String content) {
    byte[] key = Base64.getDecoder().decode(secret.startsWith(SECRET_PREFIX)
        ? secret.substring(SECRET_PREFIX.length()) : secret);
    return Base64.getEncoder().encodeToString(HmacSha256.sign(key, content.getBytes(StandardCharsets.UTF_8)));
  }
}
