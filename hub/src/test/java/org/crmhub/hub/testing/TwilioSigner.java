package org.crmhub.hub.testing;

import com.twilio.security.RequestValidator;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook the way Twilio does ({@code X-Twilio-Signature}: HMAC-SHA1 over the URL and the
 * sorted form), independently of the hub's code, and has Twilio's own SDK ({@link RequestValidator})
 * accept every signature before it is used, so the tests send exactly what Twilio would.
 */
public final class TwilioSigner {

  private final String authToken;
  private final RequestValidator sdk;

  public TwilioSigner(String authToken) {
    this.authToken = authToken;
    this.sdk = new RequestValidator(authToken);
  }

  public String sign(String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
    String signature;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      signature = Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    if (!sdk.validate(url, params, signature)) {
      throw new IllegalStateException("Twilio's RequestValidator refuses the signature for " + url);
    }
    return signature;
  }
}
