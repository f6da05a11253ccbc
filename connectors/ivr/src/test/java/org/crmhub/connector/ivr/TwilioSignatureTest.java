package org.crmhub.connector.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twilio.security.RequestValidator;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {

  private static final String TOKEN = "12345";
  private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

  private static Map<String, String> documentedParams(String caller) {
    Map<String, String> params = new HashMap<>();
    params.put("CallSid", "CA1234567890ABCDE");
    params.put("Caller", caller);
    params.put("Digits", "1234");
    params.put("From", caller);
    params.put("To", "+18005551212");
    return params;
  }

  @Test
  void matchesTwiliosPublishedExamples() {
    // the example in Twilio's request-validation documentation (two published variants of its numbers)
    assertEquals("RSOYDt4T1cUTdK1PDd93/VVr8B8=", TwilioSignature.compute(TOKEN, URL, documentedParams("+14158675309")));
    assertEquals("GvWf1cFY/Q7PnoempGyD5oXAezc=", TwilioSignature.compute(TOKEN, URL, documentedParams("+14158675310")));
  }

  @Test
  void agreesWithTwiliosOwnValidator() {
    Map<String, String> params = documentedParams("+14158675309");
    params.put("SpeechResult", "Hallo, ich möchte über meine Rechnung sprechen & mehr");
    String signature = TwilioSignature.compute("another-token", "https://hub.example/webhooks/twilio/voice", params);
    assertTrue(new RequestValidator("another-token").validate("https://hub.example/webhooks/twilio/voice", params, signature));
  }

  @Test
  void refusesTamperedOrMissingSignatures() {
    Map<String, String> params = documentedParams("+14158675309");
    assertTrue(TwilioSignature.verify(TOKEN, URL, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
    params.put("Digits", "9999");
    assertFalse(TwilioSignature.verify(TOKEN, URL, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
    assertFalse(TwilioSignature.verify(TOKEN, URL + "&x=1", documentedParams("+14158675309"), "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
    assertFalse(TwilioSignature.verify("54321", URL, documentedParams("+14158675309"), "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
    assertFalse(TwilioSignature.verify(TOKEN, URL, documentedParams("+14158675309"), null));
    assertFalse(TwilioSignature.verify(TOKEN, URL, documentedParams("+14158675309"), ""));
  }
}
