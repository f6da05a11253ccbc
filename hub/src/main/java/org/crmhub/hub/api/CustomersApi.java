package org.crmhub.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityNormalizer;
import org.crmhub.hub.JsonFields;
import org.crmhub.hub.audit.AuditAction;
import org.crmhub.hub.audit.AuditTarget;
import org.crmhub.hub.conversation.Conversation;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.customer.CustomerStore.SentimentPoint;
import org.crmhub.hub.customer.SentimentTrend;
import org.crmhub.hub.failure.NotFound;
import org.crmhub.hub.merge.CustomerMerger;

/**
 * Customers: find by identity, read with provenance and trend, merge and split. Each of these is
 * recorded in the audit trail ({@link AuditedAccess}) while the customer is read, and answered
 * only once it is.
 */
public final class CustomersApi implements ApiOperations {

  private static final int CONVERSATIONS_SHOWN = 100;

  private final CustomerStore customers;
  private final ConversationStore conversations;
  private final CustomerMerger merger;
  private final IdentityNormalizer normalizer;
  private final AuditedAccess audit;

  public CustomersApi(CustomerStore customers, ConversationStore conversations, CustomerMerger merger,
      IdentityNormalizer normalizer, AuditedAccess audit) {
    this.customers = customers;
    this.conversations = conversations;
    this.merger = merger;
    this.normalizer = normalizer;
    this.audit = audit;
  }

  public void find(RoutingContext ctx) {
    String raw = ContractValidation.query(ctx, "identity");
    Identity identity;
    try {
      identity = normalizer.normalize(raw);
    } catch (IdentityNormalizer.InvalidIdentityException e) {
      // the contract admitted its shape: a number that cannot be anyone's is nobody's
      identity = null;
    }
    Future<String> owner = identity == null ? Future.succeededFuture() : customers.ownerOf(identity);
    owner
        // the entry names the customer found, never the identity asked about
        .compose(found -> found == null
            ? Future.succeededFuture(List.<JsonObject>of())
            : view(found, () -> audit.record(ctx, AuditAction.CUSTOMER_LOOKED_UP, AuditTarget.CUSTOMER, found,
                found, null)).map(List::of))
        .map(found -> new JsonObject().put("items", new JsonArray(found)))
        .onComplete(Responses.answer(ctx, 200));
  }

  public void get(RoutingContext ctx) {
    String id = pathId(ctx);
    view(id, () -> audit.record(ctx, AuditAction.CUSTOMER_VIEWED, AuditTarget.CUSTOMER, id, id, null))
        .onSuccess(body -> Responses.jsonWithEtag(ctx, etag(body), body))
        .onFailure(ctx::fail);
  }

  public void merge(RoutingContext ctx) {
    JsonObject body = ContractValidation.validated(ctx).getBody().getJsonObject();
    String survivorId = pathId(ctx);
    respondWithMerge(ctx, survivorId, AuditAction.CUSTOMER_MERGED, "absorbed ", merger.merge(survivorId,
        body.getString("otherCustomerId"), Authentication.principal(ctx).actor(), body.getString("reason")));
  }

  public void split(RoutingContext ctx) {
    JsonObject body = ContractValidation.validated(ctx).getBody().getJsonObject();
    String survivorId = pathId(ctx);
    respondWithMerge(ctx, survivorId, AuditAction.CUSTOMER_SPLIT, "split off ", merger.split(survivorId,
        body.getString("mergeId"), Authentication.principal(ctx).actor(), body.getString("reason")));
  }

  /**
   * Recorded once done, with the merge as target and the other customer's id in the detail, while
   * the survivor is read for the answer.
   */
  private void respondWithMerge(RoutingContext ctx, String survivorId, AuditAction action, String otherCustomerIs,
      Future<JsonObject> merge) {
    merge.compose(record -> view(survivorId, () -> audit.record(ctx, action, AuditTarget.MERGE,
            record.getString("id"), survivorId, otherCustomerIs + record.getString("absorbedId")))
        .map(customer -> new JsonObject()
            .put("merge", CustomerMerger.summary(record))
            .put("customer", customer)))
        .onComplete(Responses.answer(ctx, 200));
  }

  /**
   * The whole customer as the API shows it.
   *
   * @param alongside work that must succeed before the customer is shown (recording who saw it),
   *     started once the customer is known to exist and run while the rest is read
   */
  private Future<JsonObject> view(String id, Supplier<Future<Void>> alongside) {
    return customers.find(id).compose(stored -> {
      if (stored == null) {
        return Future.failedFuture(new NotFound("customer " + id));
      }
      return Future.all(List.of(
              customers.identities(id),
              conversationSummaries(id, stored.name()),
              customers.sentimentPoints(id),
              merges(id),
              customers.suggestions(id),
              alongside.get()))
          .map(parts -> {
            Map<String, String> identities = parts.resultAt(0);
            JsonArray conversationList = parts.resultAt(1);
            List<SentimentPoint> points = parts.resultAt(2);
            JsonArray merges = parts.resultAt(3);
            Map<String, String> suggestions = parts.resultAt(4);
            JsonObject customer = new JsonObject()
                .put("id", id)
                .put("createdAt", stored.createdAt())
                .put("identities", linkedIdentities(identities))
                .put("conversations", conversationList)
                .put("sentimentTrend", SentimentTrend.of(points).toJson())
                .put("merges", merges)
                .put("mergeSuggestions", new JsonArray(suggestions.values().stream().sorted().map(JsonObject::new).toList()));
            JsonFields.putIfPresent(customer, "name", stored.name());
            JsonFields.putIfPresent(customer, "mergedInto", stored.mergedInto());
            return customer;
          });
    });
  }

  /** The customer's identities (identity key -> provenance JSON) as the API shows them, sorted by key. */
  public static JsonArray linkedIdentities(Map<String, String> identities) {
    JsonArray linked = new JsonArray();
    identities.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
      Identity identity = Identity.parse(entry.getKey());
      linked.add(new JsonObject()
          .put("identity", identity.key())
          .put("type", identity.type().wireName())
          .put("value", identity.value())
          .put("provenance", new JsonObject(entry.getValue())));
    });
    return linked;
  }

  private Future<JsonArray> conversationSummaries(String customerId, String customerName) {
    return customers.conversations(customerId, CONVERSATIONS_SHOWN).compose(ids -> {
      List<Future<Conversation>> loads = ids.stream()
          .map(scored -> conversations.find(scored.member()))
          .toList();
      return Future.all(loads).map(loaded -> {
        JsonArray summaries = new JsonArray();
        for (int i = 0; i < loads.size(); i++) {
          Conversation conversation = loaded.resultAt(i);
          if (conversation != null) {
            summaries.add(conversation.summary(customerName));
          }
        }
        return summaries;
      });
    });
  }

  private Future<JsonArray> merges(String customerId) {
    return customers.mergeIds(customerId).compose(ids -> {
      List<Future<JsonObject>> loads = ids.stream().map(customers::merge).toList();
      return Future.all(loads).map(loaded -> {
        JsonArray merges = new JsonArray();
        for (int i = 0; i < loads.size(); i++) {
          JsonObject record = loaded.resultAt(i);
          if (record != null) {
            merges.add(CustomerMerger.summary(record));
          }
        }
        return merges;
      });
    });
  }

  private static String etag(JsonObject customer) {
    return "W/\"" + Integer.toHexString(customer.encode().hashCode()) + "\"";
  }

  private static String pathId(RoutingContext ctx) {
    return ContractValidation.validated(ctx).getPathParameters().get("customerId").getString();
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "findCustomers", this::find,
        "getCustomer", this::get,
        "mergeCustomers", this::merge,
        "splitCustomer", this::split);
  }
}
