package org.crmhub.hub.pipeline;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.crmhub.hub.conversation.Conversation;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.customer.ResolvedCustomer;
import org.crmhub.hub.customer.SentimentTrend;
import org.crmhub.hub.redis.Scored;

/**
 * What an agent sees the moment a call arrives: who is calling (or that the number is new or
 * withheld), their open conversations on every channel, their last few messages and their mood.
 */
final class ScreenPop {

  private static final int CONVERSATIONS_LOOKED_AT = 10;
  private static final int MESSAGES_SHOWN = 5;

  private final CustomerStore customers;
  private final ConversationStore conversations;

  ScreenPop(CustomerStore customers, ConversationStore conversations) {
    this.customers = customers;
    this.conversations = conversations;
  }

  Future<JsonObject> build(JsonObject call, ResolvedCustomer customer) {
    JsonObject pop = new JsonObject().put("call", call);
    if (customer == null) {
      return Future.succeededFuture(pop.put("caller", "withheld"));
    }
    pop.put("caller", customer.created() ? "unknown" : "known");
    return Future.all(customers.identities(customer.id()),
            customers.conversations(customer.id(), CONVERSATIONS_LOOKED_AT),
            customers.sentimentPoints(customer.id()))
        .compose(parts -> {
          Map<String, String> identities = parts.resultAt(0);
          List<Scored> recent = parts.resultAt(1);
          List<CustomerStore.SentimentPoint> points = parts.resultAt(2);
          JsonObject profile = new JsonObject()
              .put("id", customer.id())
              .put("name", customer.name())
              .put("identities", new JsonArray(identities.keySet().stream().sorted().toList()))
              .put("sentimentTrend", SentimentTrend.of(points).toJson());
          pop.put("customer", profile);
          List<Future<Conversation>> loads = recent.stream()
              .map(scored -> conversations.find(scored.member())).toList();
          List<Future<List<JsonObject>>> messages = recent.stream()
              .map(scored -> conversations.latestMessages(scored.member(), MESSAGES_SHOWN)).toList();
          return Future.all(Future.all(loads), Future.all(messages)).map(loaded -> {
            JsonArray open = new JsonArray();
            List<JsonObject> latest = new ArrayList<>();
            for (int i = 0; i < loads.size(); i++) {
              Conversation conversation = loads.get(i).result();
              if (conversation != null && conversation.isOpen()) {
                open.add(conversation.summary(customer.name()));
              }
              String conversationId = recent.get(i).member();
              messages.get(i).result().forEach(message -> latest.add(message.copy()
                  .put("conversationId", conversationId)));
            }
            latest.sort(Comparator.comparing((JsonObject m) -> m.getString("receivedAt")).reversed());
            latest.forEach(message -> message.remove("html"));
            return pop.put("openConversations", open)
                .put("lastMessages", new JsonArray(latest.subList(0, Math.min(MESSAGES_SHOWN, latest.size()))));
          });
        });
  }
}
