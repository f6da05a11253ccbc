package org.crmhub.hub.portal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Signed, expiring tokens for email verification and password reset:
 * {@code base64url(purpose|accountId|expiresAtSeconds).signature}. The signature also covers the
 * account's current password hash, so a reset token stops working once used, and a sign-up again
 * (which replaces the password) voids earlier verification tokens; nothing is stored per token.
 */
public final class PortalTokens {

  public enum Purpose { VERIFY, RESET }

  /** A token and when it expires. */
  public record Issued(String token, Instant expiresAt) {}

  /** What a token names, once its shape is known (before the signature is checked). */
  public record Claim(Purpose purpose, String accountId, Instant expiresAt, String payload, String signature) {}

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final PortalSecret secret;

  public PortalTokens(PortalSecret secret) {
    this.secret = secret;
  }

  public Issued issue(Purpose purpose, String accountId, String passwordHash, Duration lifetime) {
    Instant expiresAt = Instant.now().plus(lifetime);
    String payload = ENCODER.encodeToString((purpose.name() + "|" + accountId + "|" + expiresAt.getEpochSecond())
        .getBytes(StandardCharsets.UTF_8));
    return new Issued(payload + "." + signature(payload, passwordHash), expiresAt);
  }

  /** @return the claim, or null when the token is malformed (not yet checked: see {@link #valid}) */
  public static Claim parse(String token) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    try {
      String[] parts = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8).split("\\|");
      if (parts.length != 3) {
        return null;
      }
      return new Claim(Purpose.valueOf(parts[0]), parts[1], Instant.ofEpochSecond(Long.parseLong(parts[2])),
          token.substring(0, dot), token.substring(dot + 1));
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }

  /** Signature right (constant-time), purpose as expected and not expired. */
  public boolean valid(Claim claim, Purpose expected, String passwordHash) {
    if (claim == null || claim.purpose() != expected || Instant.now().isAfter(claim.expiresAt())) {
      return false;
    }
    return MessageDigest.isEqual(
        signature(claim.payload(), passwordHash).getBytes(StandardCharsets.UTF_8),
        claim.signature().getBytes(StandardCharsets.UTF_8));
  }

  private String signature(String payload, String passwordHash) {
    return secret.sign("portal-token", payload + "|" + passwordHash);
  }
}
