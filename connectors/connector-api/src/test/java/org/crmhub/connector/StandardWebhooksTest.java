package org.crmhub.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StandardWebhooksTest {

  private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("a-test-secret-0123456789".getBytes());
  private static final long NOW = 1_800_000_000L;

  /** Timestamps far from now, including ones whose distance from now does not fit a long. */
  @ParameterizedTest
  @ValueSource(longs = {NOW - 301, NOW + 301, NOW + Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE,
      NOW + Long.MIN_VALUE + 1, -NOW})
  void aTimestampOutsideTheWindowIsStaleEvenWhenTheDifferenceOverflows(long sent) {
    String body = "{\"type\":\"call.started\"}";
    String signature = StandardWebhooks.signatureHeader(List.of(SECRET), "evt_1", sent, body);
    assertEquals(StandardWebhooks.Verdict.STALE_TIMESTAMP,
        StandardWebhooks.verify(SECRET, "evt_1", Long.toString(sent), signature, body, NOW), "sent " + sent);
  }

  @ParameterizedTest
  @ValueSource(longs = {NOW, NOW - 300, NOW + 300})
  void aTimestampInsideTheWindowWithTheRightSignatureIsValid(long sent) {
    String body = "{}";
    String signature = StandardWebhooks.signatureHeader(List.of(SECRET), "evt_2", sent, body);
    assertEquals(StandardWebhooks.Verdict.VALID,
        StandardWebhooks.verify(SECRET, "evt_2", Long.toString(sent), signature, body, NOW));
  }
}
