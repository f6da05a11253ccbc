package org.crmhub.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.customer.duplicates.DuplicateIndex;
import org.crmhub.hub.customer.duplicates.DuplicateQuery;
import org.crmhub.hub.failure.Invalid;
import org.crmhub.hub.failure.NotFound;

/** Possible duplicates: the list (all, or one customer's) and dismissing a pair. */
public final class DuplicateCustomersApi implements ApiOperations {

  private final DuplicateQuery query;
  private final DuplicateIndex index;
  private final CustomerStore customers;

  public DuplicateCustomersApi(DuplicateQuery query, DuplicateIndex index, CustomerStore customers) {
    this.query = query;
    this.index = index;
    this.customers = customers;
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "listDuplicateCustomers", this::list,
        "dismissDuplicateCustomers", this::dismiss);
  }

  public void list(RoutingContext ctx) {
    query.page(ContractValidation.query(ctx, "customerId"), ContractValidation.query(ctx, "cursor"),
            ContractValidation.limit(ctx))
        .onSuccess(page -> {
          JsonObject body = new JsonObject().put("items", new JsonArray(page.items()));
          if (page.nextCursor() != null) {
            body.put("nextCursor", page.nextCursor());
          }
          Responses.json(ctx, 200, body);
        })
        .onFailure(ctx::fail);
  }

  public void dismiss(RoutingContext ctx) {
    JsonObject body = ContractValidation.validated(ctx).getBody().getJsonObject();
    String customerId = body.getString("customerId");
    String otherId = body.getString("otherCustomerId");
    if (customerId.equals(otherId)) {
      ctx.fail(new Invalid("/otherCustomerId", "a customer is not a duplicate of itself"));
      return;
    }
    Future.all(customers.find(customerId), customers.find(otherId))
        .compose(both -> {
          if (both.resultAt(0) == null) {
            return Future.failedFuture(new NotFound("customer " + customerId));
          }
          if (both.resultAt(1) == null) {
            return Future.failedFuture(new NotFound("customer " + otherId));
          }
          return index.dismiss(customerId, otherId, Authentication.principal(ctx).actor());
        })
        .onComplete(Responses.empty(ctx, 204));
  }
}
