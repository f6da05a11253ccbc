package org.crmhub.hub.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.crmhub.hub.api.WebhooksApi;
import org.crmhub.hub.testing.ContractSchemas;
import org.junit.jupiter.api.Test;

/** The hub's event types against the contract's own lists of them. */
class EventTypeContractTest {

  private static Set<String> subscribable() {
    return Arrays.stream(EventType.values()).filter(EventType::subscribable).map(EventType::wireName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theSubscribableTypesAreExactlyTheContractsEventTypeEnum() {
    Set<String> contractEnum = new TreeSet<>();
    ContractSchemas.schemaAt("/components/schemas/EventType").get("enum")
        .forEach(value -> contractEnum.add(value.asText()));

    assertEquals(contractEnum, subscribable());
  }

  @Test
  void everySubscribableTypeHasItsWebhookEntryAndNoOtherHasOne() {
    Set<String> webhookEntries = new TreeSet<>();
    ContractSchemas.schemaAt("/webhooks").fieldNames().forEachRemaining(webhookEntries::add);

    assertTrue(webhookEntries.remove(WebhooksApi.PING), "the ping has its entry");
    assertEquals(webhookEntries, subscribable());
  }

  @Test
  void theStaffOnlyTypesAreNamedWhereTheContractDescribesTheStream() {
    String description = ContractSchemas.schemaAt("/paths/~1api~1v1~1events/get").get("description").asText();
    for (EventType type : EventType.values()) {
      if (!type.subscribable()) {
        assertTrue(description.contains("`" + type.wireName() + "`"), type.wireName() + " is not described");
      }
    }
  }
}
