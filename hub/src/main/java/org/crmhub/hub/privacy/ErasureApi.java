package org.crmhub.hub.privacy;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Map;
import org.crmhub.hub.api.ApiOperations;
import org.crmhub.hub.api.Authentication;
import org.crmhub.hub.api.ContractValidation;
import org.crmhub.hub.api.Responses;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.failure.Conflict;
import org.crmhub.hub.failure.NotFound;

/**
 * Admin-only: erasing a customer (answered 202 once the job is stored: it runs in the background)
 * and the record of erasures.
 */
public final class ErasureApi implements ApiOperations {

  private final Vertx vertx;
  private final ErasureJobs jobs;
  private final CustomerStore customers;
  private final Clock clock;

  ErasureApi(Vertx vertx, ErasureJobs jobs, CustomerStore customers, Clock clock) {
    this.vertx = vertx;
    this.jobs = jobs;
    this.customers = customers;
    this.clock = clock;
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "eraseCustomer", this::eraseCustomer,
        "getErasure", this::getErasure,
        "listErasures", this::listErasures);
  }

  public void eraseCustomer(RoutingContext ctx) {
    String customerId = ctx.pathParam("customerId");
    String reason = ContractValidation.validated(ctx).getBody().getJsonObject().getString("reason");
    String actor = Authentication.principal(ctx).actor();
    customers.find(customerId)
        .compose(customer -> {
          if (customer == null) {
            return Future.failedFuture(new NotFound("customer " + customerId));
          }
          if (customer.mergedInto() != null) {
            return Future.failedFuture(new Conflict("customer " + customerId + " was merged into "
                + customer.mergedInto() + ": erase that customer, whose erasure covers this one"));
          }
          return jobs.request(customerId, actor, reason.strip(), clock.instant());
        })
        .onSuccess(erasure -> {
          vertx.eventBus().send(ErasureWorker.WAKE, erasure.id());
          ctx.response().putHeader("Location", "/api/v1/erasures/" + erasure.id());
          Responses.json(ctx, 202, erasure.toJson());
        })
        .onFailure(ctx::fail);
  }

  public void getErasure(RoutingContext ctx) {
    String id = ctx.pathParam("erasureId");
    jobs.find(id)
        .compose(found -> found == null ? Future.failedFuture(new NotFound("erasure " + id))
            : Future.succeededFuture(found.toJson()))
        .onComplete(Responses.answer(ctx, 200));
  }

  public void listErasures(RoutingContext ctx) {
    jobs.newest(ContractValidation.limit(ctx))
        .map(found -> new JsonObject().put("items", new JsonArray(found.stream().map(Erasure::toJson).toList())))
        .onComplete(Responses.answer(ctx, 200));
  }
}
