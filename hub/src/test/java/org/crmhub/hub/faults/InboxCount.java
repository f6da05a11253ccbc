package org.crmhub.hub.faults;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.crmhub.hub.testing.TestHub;

/** Reads back, through a hub's API, how often each contact of a burst is in the inbox. */
final class InboxCount {

  private final WebClient client;
  private final int port;

  InboxCount(Vertx vertx, int port) {
    this.client = WebClient.create(vertx);
    this.port = port;
  }

  /** Messages filed for the burst's customers (a cheap total to wait on). */
  Future<Integer> total(String tag) {
    List<Future<Integer>> counts = new ArrayList<>();
    for (int customer = 0; customer < ContactBurst.CUSTOMERS; customer++) {
      counts.add(customer(tag, customer).map(found -> found == null ? 0
          : found.getJsonArray("conversations").stream()
              .mapToInt(c -> ((JsonObject) c).getInteger("messageCount")).sum()));
    }
    return Future.all(counts).map(all -> all.<Integer>list().stream().mapToInt(Integer::intValue).sum());
  }

  /** externalId -> how many messages carry it, over every conversation of the burst's customers. */
  Future<Map<String, Integer>> occurrences(String tag) {
    return occurrences(tag, message -> message.getString("externalId"));
  }

  /** key -> how many messages have it, over every conversation of the burst's customers. */
  Future<Map<String, Integer>> occurrences(String tag, Function<JsonObject, String> key) {
    List<Future<List<String>>> perCustomer = new ArrayList<>();
    for (int customer = 0; customer < ContactBurst.CUSTOMERS; customer++) {
      perCustomer.add(customer(tag, customer).compose(found -> {
        if (found == null) {
          return Future.succeededFuture(List.of());
        }
        List<Future<List<String>>> conversations = new ArrayList<>();
        for (Object conversation : found.getJsonArray("conversations")) {
          conversations.add(get("/api/v1/conversations/" + ((JsonObject) conversation).getString("id"))
              .map(body -> body.getJsonArray("messages").stream()
                  .map(m -> key.apply((JsonObject) m)).toList()));
        }
        return Future.all(conversations).map(all -> all.<List<String>>list().stream().flatMap(List::stream).toList());
      }));
    }
    return Future.all(perCustomer).map(all -> {
      Map<String, Integer> counts = new HashMap<>();
      all.<List<String>>list().forEach(ids -> ids.forEach(id -> counts.merge(id, 1, Integer::sum)));
      return counts;
    });
  }

  void close() {
    client.close();
  }

  private Future<JsonObject> customer(String tag, int customer) {
    return get("/api/v1/customers?identity=email:" + ContactBurst.email(tag, customer)).map(body -> {
      JsonArray items = body.getJsonArray("items");
      return items.isEmpty() ? null : items.getJsonObject(0);
    });
  }

  private Future<JsonObject> get(String path) {
    return client.get(port, "127.0.0.1", path)
        .putHeader("Authorization", "Bearer " + TestHub.API_KEY)
        .timeout(30_000)
        .send()
        .compose(response -> response.statusCode() == 200
            ? Future.succeededFuture(response.bodyAsJsonObject())
            : Future.failedFuture(path + " answered " + response.statusCode() + ": " + response.bodyAsString()));
  }
}
