package org.crmhub.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.crmhub.hub.api.ApiOperations;
import org.junit.jupiter.api.Test;

class HubHttpTest {

  private static ApiOperations answering(String... operationIds) {
    Handler<RoutingContext> handler = RoutingContext::next;
    return () -> {
      Map<String, Handler<RoutingContext>> operations = new java.util.HashMap<>();
      for (String id : operationIds) {
        operations.put(id, handler);
      }
      return operations;
    };
  }

  @Test
  void everyApiClassContributesItsOperations() {
    Map<String, Handler<RoutingContext>> all = HubHttp.operationsById(
        List.of(answering("listConversations", "getConversation"), answering("acceptContact")));

    assertEquals(3, all.size());
    assertTrue(all.keySet().containsAll(List.of("listConversations", "getConversation", "acceptContact")));
  }

  @Test
  void twoClassesClaimingOneOperationIsAStartUpError() {
    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> HubHttp.operationsById(
        List.of(answering("listConversations"), answering("acceptContact", "listConversations"))));

    assertTrue(refused.getMessage().contains("listConversations"), refused.getMessage());
  }
}
