package org.crmhub.hub.merge;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crmhub.connector.Identity;
import org.crmhub.hub.Ids;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.customer.Customer;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.customer.CustomerStore.SentimentPoint;
import org.crmhub.hub.customer.DuplicateHints;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.events.EventType;
import org.crmhub.hub.failure.Conflict;
import org.crmhub.hub.failure.NotFound;
import org.crmhub.hub.redis.Scored;

/**
 * Merges one customer into another and splits them again exactly. The merge record lists what
 * moved (identities with their original provenance, conversations, sentiment points), so split
 * moves back precisely that. Both are recorded with actor, reason and time.
 */
public final class CustomerMerger {

  private static final int MAX_CONVERSATIONS = 10_000;

  private final CustomerStore customers;
  private final ConversationStore conversations;
  private final DomainEvents events;
  private final DuplicateHints duplicates;

  public CustomerMerger(CustomerStore customers, ConversationStore conversations, DomainEvents events) {
    this(customers, conversations, events, DuplicateHints.NONE);
  }

  public CustomerMerger(CustomerStore customers, ConversationStore conversations, DomainEvents events,
      DuplicateHints duplicates) {
    this.customers = customers;
    this.conversations = conversations;
    this.events = events;
    this.duplicates = duplicates;
  }

  public Future<JsonObject> merge(String survivorId, String absorbedId, String actor, String reason) {
    if (survivorId.equals(absorbedId)) {
      return Future.failedFuture(new Conflict("a customer cannot be merged into itself"));
    }
    return Future.all(customers.find(survivorId), customers.find(absorbedId))
        .compose(both -> {
          Customer survivor = both.resultAt(0);
          Customer absorbed = both.resultAt(1);
          if (survivor == null) {
            return Future.failedFuture(new NotFound("customer " + survivorId));
          }
          if (absorbed == null) {
            return Future.failedFuture(new NotFound("customer " + absorbedId));
          }
          if (survivor.mergedAway() || absorbed.mergedAway()) {
            return Future.failedFuture(new Conflict("one of the customers was merged away already"));
          }
          return Future.all(customers.identities(absorbedId),
                  customers.conversations(absorbedId, MAX_CONVERSATIONS),
                  customers.sentimentPoints(absorbedId))
              .compose(parts -> {
                Map<String, String> identities = parts.resultAt(0);
                List<Scored> moved = parts.resultAt(1);
                List<SentimentPoint> points = parts.resultAt(2);
                JsonObject record = new JsonObject()
                    .put("id", Ids.next("mg"))
                    .put("survivorId", survivorId)
                    .put("absorbedId", absorbedId)
                    .put("actor", actor)
                    .put("at", Instant.now().toString())
                    .put("status", "merged")
                    .put("identities", new JsonArray(new ArrayList<>(identities.keySet())))
                    .put("provenance", new JsonObject(new java.util.HashMap<>(identities)))
                    .put("conversations", new JsonArray(moved.stream()
                        .map(scored -> new JsonObject().put("id", scored.member()).put("score", scored.score()))
                        .toList()))
                    .put("points", new JsonArray(points.stream().map(CustomerMerger::pointJson).toList()));
                if (reason != null) {
                  record.put("reason", reason);
                }
                return applyMerge(record).map(v -> record);
              });
        });
  }

  private Future<Void> applyMerge(JsonObject record) {
    String survivorId = record.getString("survivorId");
    String absorbedId = record.getString("absorbedId");
    String mergeId = record.getString("id");
    Instant at = Instant.parse(record.getString("at"));
    Future<Void> chain = customers.saveMerge(record);
    for (Object key : record.getJsonArray("identities")) {
      Identity identity = Identity.parse((String) key);
      JsonObject provenance = new JsonObject()
          .put("rule", "merge")
          .put("actor", record.getString("actor"))
          .put("at", at.toString())
          .put("mergeId", mergeId);
      if (record.getString("reason") != null) {
        provenance.put("reason", record.getString("reason"));
      }
      chain = chain
          .compose(v -> customers.reassign(identity, survivorId))
          .compose(v -> customers.replaceProvenance(survivorId, identity, provenance))
          .compose(v -> customers.forgetIdentity(absorbedId, identity));
    }
    chain = moveConversations(chain, record, absorbedId, survivorId);
    for (Object point : record.getJsonArray("points")) {
      chain = chain.compose(v -> customers.addSentimentPoint(survivorId, point((JsonObject) point)));
    }
    return chain
        .compose(v -> customers.setField(absorbedId, "mergedInto", survivorId))
        .compose(v -> customers.recordMergeFor(survivorId, mergeId))
        .compose(v -> customers.recordMergeFor(absorbedId, mergeId))
        .compose(v -> duplicates.merged(survivorId, absorbedId))
        .compose(v -> events.publish(EventType.CUSTOMER_MERGED, mergeId, summary(record)))
        .mapEmpty();
  }

  public Future<JsonObject> split(String survivorId, String mergeId, String actor, String reason) {
    return customers.merge(mergeId).compose(record -> {
      if (record == null || !survivorId.equals(record.getString("survivorId"))) {
        return Future.failedFuture(new NotFound("merge " + mergeId + " of customer " + survivorId));
      }
      if (!"merged".equals(record.getString("status"))) {
        return Future.failedFuture(new Conflict("merge " + mergeId + " was split already"));
      }
      String absorbedId = record.getString("absorbedId");
      JsonObject provenance = record.getJsonObject("provenance");
      Future<Void> chain = Future.succeededFuture();
      for (Object key : record.getJsonArray("identities")) {
        Identity identity = Identity.parse((String) key);
        JsonObject original = new JsonObject(provenance.getString((String) key));
        chain = chain
            .compose(v -> customers.reassign(identity, absorbedId))
            .compose(v -> customers.replaceProvenance(absorbedId, identity, original))
            .compose(v -> customers.forgetIdentity(survivorId, identity));
      }
      chain = moveConversations(chain, record, survivorId, absorbedId);
      for (Object point : record.getJsonArray("points")) {
        chain = chain.compose(v -> customers.removeSentimentPoint(survivorId, point((JsonObject) point)));
      }
      JsonObject split = record.copy()
          .put("status", "split")
          .put("splitBy", actor)
          .put("splitAt", Instant.now().toString());
      if (reason != null) {
        split.put("splitReason", reason);
      }
      return chain
          .compose(v -> customers.clearField(absorbedId, "mergedInto"))
          .compose(v -> customers.saveMerge(split))
          .compose(v -> duplicates.split(absorbedId))
          .compose(v -> events.publish(EventType.CUSTOMER_SPLIT, mergeId, summary(split)))
          .map(v -> split);
    });
  }

  private Future<Void> moveConversations(Future<Void> chain, JsonObject record, String fromId, String toId) {
    for (Object entry : record.getJsonArray("conversations")) {
      JsonObject conversation = (JsonObject) entry;
      String id = conversation.getString("id");
      long score = conversation.getDouble("score").longValue();
      chain = chain
          .compose(v -> conversations.update(id, Map.of("customerId", toId)))
          .compose(v -> customers.addConversation(toId, id, score))
          .compose(v -> customers.removeConversation(fromId, id));
    }
    return chain;
  }

  /** The API shape of a merge record (the stored one also keeps provenance and points). */
  public static JsonObject summary(JsonObject record) {
    JsonObject summary = record.copy();
    summary.remove("provenance");
    summary.remove("points");
    // merges without a reason were stored with "reason": null, which the contract's string refuses
    if (summary.getValue("reason") == null) {
      summary.remove("reason");
    }
    summary.put("conversations", new JsonArray(record.getJsonArray("conversations").stream()
        .map(entry -> ((JsonObject) entry).getString("id")).toList()));
    return summary;
  }

  private static JsonObject pointJson(SentimentPoint point) {
    return new JsonObject()
        .put("at", point.atMillis())
        .put("compound", point.compound())
        .put("messageId", point.messageId())
        .put("conversationId", point.conversationId());
  }

  private static SentimentPoint point(JsonObject json) {
    return new SentimentPoint(json.getLong("at"), json.getDouble("compound"), json.getString("messageId"),
        json.getString("conversationId"));
  }
}
