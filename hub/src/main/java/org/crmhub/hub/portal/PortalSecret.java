package org.crmhub.hub.portal;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.crmhub.hub.Ids;
import org.crmhub.hub.redis.Redis;

/**
 * One random secret shared by every hub on a Redis (the first hub to start makes it), from which
 * the portal's token-signing key and the in-process portal's API key are derived. Deriving keeps
 * every hub agreeing without ever storing an API key in the clear next to its hash.
 */
public final class PortalSecret {

  private static final String KEY = "crm:portal:secret";

  private final byte[] secret;

  private PortalSecret(byte[] secret) {
    this.secret = secret;
  }

  public static Future<PortalSecret> load(Redis redis) {
    String fresh = Ids.randomToken(32);
    return redis.call(c -> c.setnx(KEY, fresh))
        .compose(created -> redis.call(c -> c.get(KEY)))
        .map(stored -> new PortalSecret(stored.getBytes(StandardCharsets.UTF_8)));
  }

  /** HMAC-SHA256 under a key derived for one purpose, base64url without padding. */
  public String sign(String purpose, String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(hmac(secret, purpose), text));
  }

  /** The API key the hub gives the portal it starts in its own process. */
  public String portalApiKey() {
    return "chk_portal_" + sign("portal-api-key", "in-process");
  }

  private static byte[] hmac(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }
}
