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
import org.crmhub.hub.api.AuditedAccess;
import org.crmhub.hub.audit.AuditAction;
import org.crmhub.hub.audit.AuditTarget;
import org.crmhub.hub.api.Authentication;
import org.crmhub.hub.api.ContractValidation;
import org.crmhub.hub.api.Responses;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.failure.Conflict;
import org.crmhub.hub.failure.NotFound;

/**
 * Admin-only: erasing a customer (answered 202 once the job is stored: it runs in the background),
 * the record of erasures, and a dry run of the retention period.
 */
public final class PrivacyApi implements ApiOperations {

  private final Vertx vertx;
  private final ErasureJobs jobs;
  private final CustomerStore customers;
  private final Retention retention;
  private final AuditedAccess audit;
  private final Clock clock;

  PrivacyApi(Vertx vertx, ErasureJobs jobs, CustomerStore customers, Retention retention, AuditedAccess audit,
      Clock clock) {
    this.vertx = vertx;
    this.jobs = jobs;
    this.customers = customers;
    this.retention = retention;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "eraseCustomer", this::eraseCustomer,
        "getErasure", this::getErasure,
        "listErasures", this::listErasures,
        "previewRetention", this::previewRetention);
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
          // recorded first: no erasure is asked for without its entry (the reason stays with the erasure)
          return audit.record(ctx, AuditAction.CUSTOMER_ERASED, AuditTarget.CUSTOMER, customerId, customerId, null)
              .compose(v -> jobs.request(customerId, actor, reason.strip(), clock.instant()));
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

  /** A dry run: what the retention period would erase now. */
  public void previewRetention(RoutingContext ctx) {
    retention.dryRun(ContractValidation.limit(ctx)).onComplete(Responses.answer(ctx, 200));
  }
}
