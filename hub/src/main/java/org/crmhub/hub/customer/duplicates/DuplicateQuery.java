package org.crmhub.hub.customer.duplicates;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.crmhub.hub.customer.Customer;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.failure.Invalid;
import org.crmhub.hub.redis.Redis;

/**
 * Reads suggestions a page at a time, strong ones first and then the newest, with a cursor of
 * (score, pair id) as the inbox has, so pages do not shift when new suggestions come in.
 */
public final class DuplicateQuery {

  private final Redis redis;
  private final CustomerStore customers;

  public DuplicateQuery(Redis redis, CustomerStore customers) {
    this.redis = redis;
    this.customers = customers;
  }

  /** One page; {@code nextCursor} null at the end. */
  public record Page(List<JsonObject> items, String nextCursor) {}

  /** The contract's {@code Cursor} pattern (as the inbox's). */
  private static final Pattern CURSOR =
      Pattern.compile("^-?[0-9]{1,20}(\\.[0-9]{1,20})?(E-?[0-9]{1,3})?_[A-Za-z0-9_-]{1,64}$");

  /** A cursor this hub did not write; the API answers 400. */
  public static final class InvalidCursorException extends Invalid {
    public InvalidCursorException() {
      super("cursor", "cursor is not a position this API writes");
    }
  }

  /** @param customerId only pairs this customer is part of; null for all */
  public Future<Page> page(String customerId, String cursor, int limit) {
    String top = "+inf";
    String after = "";
    if (cursor != null) {
      int separator = cursor.indexOf('_');
      if (separator <= 0 || !CURSOR.matcher(cursor).matches()) {
        return Future.failedFuture(new InvalidCursorException());
      }
      top = Double.toString(Double.parseDouble(cursor.substring(0, separator)));
      after = cursor.substring(separator + 1);
    }
    String index = customerId == null ? DuplicateKeys.pairs() : DuplicateKeys.pairsOf(customerId);
    return DuplicateScripts.PAGE.<List<Object>>run(redis, new String[] {index}, DuplicateKeys.PREFIX, top, after,
            Integer.toString(limit))
        .compose(found -> {
          List<String> ids = new ArrayList<>();
          List<String> scores = new ArrayList<>();
          for (int i = 0; i + 1 < found.size() && ids.size() < limit; i += 2) {
            ids.add((String) found.get(i));
            scores.add((String) found.get(i + 1));
          }
          boolean more = found.size() > limit * 2;
          String next = more ? cursorOf(scores.get(scores.size() - 1), ids.get(ids.size() - 1)) : null;
          return suggestions(ids).map(items -> new Page(items, next));
        });
  }

  private static String cursorOf(String score, String pairId) {
    return Long.toString((long) Double.parseDouble(score)) + "_" + pairId;
  }

  private Future<List<JsonObject>> suggestions(List<String> pairIds) {
    List<Future<JsonObject>> loads = pairIds.stream().map(this::suggestion).toList();
    return Future.all(loads).map(loaded -> {
      List<JsonObject> items = new ArrayList<>();
      for (int i = 0; i < loads.size(); i++) {
        JsonObject item = loaded.resultAt(i);
        if (item != null) {
          items.add(item);
        }
      }
      return items;
    });
  }

  /** @return null when the pair went meanwhile */
  private Future<JsonObject> suggestion(String pairId) {
    return redis.<Map<String, String>>call(c -> c.hgetall(DuplicateKeys.pair(pairId))).compose(pair -> {
      if (pair.get("a") == null || pair.get("b") == null) {
        return Future.succeededFuture(null);
      }
      return Future.all(customers.find(pair.get("a")), customers.find(pair.get("b"))).map(both -> {
        JsonArray reasons = new JsonArray();
        pair.entrySet().stream()
            .filter(field -> field.getKey().startsWith("why:"))
            .sorted(Map.Entry.comparingByKey())
            .forEach(field -> reasons.add(new JsonObject(field.getValue())));
        if (reasons.isEmpty()) {
          return null;
        }
        boolean strong = reasons.stream().anyMatch(reason -> "same-identity".equals(((JsonObject) reason).getString("kind")));
        return new JsonObject()
            .put("id", pairId)
            .put("customers", new JsonArray()
                .add(customer(pair.get("a"), both.resultAt(0)))
                .add(customer(pair.get("b"), both.resultAt(1))))
            .put("strength", strong ? "strong" : "weak")
            .put("reasons", reasons)
            .put("since", pair.get("since"));
      });
    });
  }

  private static JsonObject customer(String id, Customer stored) {
    JsonObject customer = new JsonObject().put("id", id);
    if (stored != null && stored.name() != null) {
      customer.put("name", stored.name());
    }
    return customer;
  }
}
