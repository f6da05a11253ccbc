package org.crmhub.hub.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.crmhub.connector.StandardWebhooks;
import org.crmhub.hub.Ids;

/** Signing secrets of outbound webhooks (the signature scheme itself is {@link StandardWebhooks}). */
public final class WebhookSigner {

  private WebhookSigner() {}

  /** {@code whsec_} + base64 of 192 random bits. */
  public static String newSecret() {
    return StandardWebhooks.SECRET_PREFIX
        + Base64.getEncoder().encodeToString(Ids.randomToken(24).getBytes(StandardCharsets.US_ASCII));
  }
}
