package org.crmhub.connector.ivr;

import com.twilio.security.RequestValidator;
import io.vertx.core.buffer.Buffer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** Webhook requests as Twilio sends them: every signature is accepted by Twilio's own SDK before it is used. */
final class TwilioRequests {

  private TwilioRequests() {}

  static String sign(String authToken, String url, Map<String, String> params) {
    String signature = TwilioSignature.compute(authToken, url, params);
    if (!new RequestValidator(authToken).validate(url, params, signature)) {
      throw new IllegalStateException("Twilio's RequestValidator refuses the signature for " + url);
    }
    return signature;
  }

  static Buffer form(Map<String, String> params) {
    return Buffer.buffer(params.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&")));
  }
}
