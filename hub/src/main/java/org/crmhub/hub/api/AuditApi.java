package org.crmhub.hub.api;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.crmhub.hub.audit.AuditQuery;
import org.crmhub.hub.audit.AuditTrail;
import org.crmhub.hub.failure.Invalid;

/** Admin-only: the audit trail of access to personal data, newest first, filtered. */
public final class AuditApi implements ApiOperations {

  /** The contract's default page size for this listing (larger than elsewhere: entries are small). */
  private static final int DEFAULT_LIMIT = 50;

  private final AuditTrail trail;

  public AuditApi(AuditTrail trail) {
    this.trail = trail;
  }

  public void list(RoutingContext ctx) {
    Instant from = time(ctx, "from");
    Instant to = time(ctx, "to");
    if (from != null && to != null && from.isAfter(to)) {
      ctx.fail(new Invalid("from", "from is after to"));
      return;
    }
    RequestParameter limit = ContractValidation.validated(ctx).getQuery().get("limit");
    AuditQuery query = new AuditQuery(ContractValidation.query(ctx, "actor"), ContractValidation.query(ctx, "action"),
        ContractValidation.query(ctx, "customerId"), ContractValidation.query(ctx, "targetId"), from, to,
        limit == null || limit.isNull() ? DEFAULT_LIMIT : limit.getInteger(), ContractValidation.query(ctx, "cursor"));
    trail.page(query)
        .map(page -> {
          JsonObject body = new JsonObject()
              .put("items", new JsonArray(page.items()))
              .put("retentionDays", trail.retention().toDays());
          if (page.nextCursor() != null) {
            body.put("nextCursor", page.nextCursor());
          }
          return body;
        })
        .onComplete(Responses.answer(ctx, 200));
  }

  private static Instant time(RoutingContext ctx, String name) {
    String value = ContractValidation.query(ctx, name);
    return value == null ? null : OffsetDateTime.parse(value).toInstant();
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of("listAuditEntries", this::list);
  }
}
