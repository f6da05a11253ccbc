package org.crmhub.hub.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract checker itself: it must find what is wrong, or the tests relying on it prove nothing. */
class ContractSchemasTest {

  @Test
  void aWebhookBodyWithANullStringOrAMissingFieldOrABadTimestampBreaksTheContract() {
    String good = "{\"type\":\"customer.created\",\"timestamp\":\"2026-01-02T03:04:05Z\","
        + "\"data\":{\"customerId\":\"cu_1\",\"identities\":[\"email:a@example.com\"]}}";
    assertEquals(List.of(), ContractSchemas.webhookViolations("customer.created", good));
    assertFalse(ContractSchemas.webhookViolations("customer.created",
        good.replace("\"identities\"", "\"name\":null,\"identities\"")).isEmpty(), "null where a string is due");
    assertFalse(ContractSchemas.webhookViolations("customer.created",
        good.replace(",\"identities\":[\"email:a@example.com\"]", "")).isEmpty(), "a required field missing");
    assertFalse(ContractSchemas.webhookViolations("customer.created",
        good.replace("2026-01-02T03:04:05Z", "yesterday")).isEmpty(), "formats are asserted");
    assertThrows(IllegalArgumentException.class, () -> ContractSchemas.webhookViolations("no.such.event", good));
  }

  @Test
  void aResponseIsCheckedAgainstItsOperationStatusAndMediaType() {
    assertEquals("/api/v1/webhooks/{webhookId}/ping", ContractSchemas.templateOf("/api/v1/webhooks/wh_1/ping?x=1"));
    assertEquals("/api/v1/conversations", ContractSchemas.templateOf("/api/v1/conversations?limit=2"));
    assertTrue(ContractSchemas.responseViolations("GET", "/api/v1/conversations", 200, "application/json",
        "{\"items\":[]}").isEmpty());
    assertFalse(ContractSchemas.responseViolations("GET", "/api/v1/conversations?limit=1", 200, "application/json",
        "{\"items\":[{\"id\":null}]}").isEmpty());
    // problem+json answers are checked against the Problem schema of a shared response
    assertFalse(ContractSchemas.responseViolations("GET", "/api/v1/conversations", 400, "application/problem+json",
        "{\"status\":\"400\"}").isEmpty());
  }
}
