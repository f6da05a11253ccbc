package org.crmhub.hub.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.crmhub.hub.Ids;

/**
 * Standard Webhooks signatures: {@code v1,} + base64 HMAC-SHA256 over {@code id.timestamp.body},
 * keyed with the base64 part of a {@code whsec_} secret. Several secrets (during a rotation) give
 * several space-separated signatures, any of which a receiver may accept.
 */
public final class WebhookSigner {

  public static final String SECRET_PREFIX = "whsec_";

  private WebhookSigner() {}

  public static String newSecret() {
    return SECRET_PREFIX + Base64.getEncoder().encodeToString(Ids.randomToken(24).getBytes(StandardCharsets.US_ASCII));
  }

  public static String signatureHeader(List<String> secrets, String webhookId, long timestampSeconds, String body) {
    String signed = webhookId + "." + timestampSeconds + "." + body;
    return secrets.stream().map(secret -> "v1," + sign(secret, signed)).collect(Collectors.joining(" "));
  }

  private static String sign(String secret, String content) {
    try {
      byte[] key = Base64.getDecoder().decode(secret.startsWith(SECRET_PREFIX)
          ? secret.substring(SECRET_PREFIX.length()) : secret);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }
}
