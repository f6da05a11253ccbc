package org.crmhub.hub.api;

import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import org.crmhub.hub.audit.AuditAction;
import org.crmhub.hub.audit.AuditEntry;
import org.crmhub.hub.audit.AuditTarget;
import org.crmhub.hub.audit.AuditTrail;

/**
 * Records in the {@link AuditTrail} that the caller of this request is accessing personal data:
 * who (the principal's actor name) and from where (the connection's address, as sign-in limits see
 * it). Handlers run it alongside reading what they show and answer only once both succeeded.
 */
public final class AuditedAccess {

  private final AuditTrail trail;

  public AuditedAccess(AuditTrail trail) {
    this.trail = trail;
  }

  /**
   * Records the access; when the trail cannot take it the request fails with 503, so personal data
   * is never answered without its entry.
   *
   * @param customerId the customer whose data it is; null when not known
   * @param detail a short note without personal data; null for none
   */
  public Future<Void> record(RoutingContext ctx, AuditAction action, AuditTarget target, String targetId,
      String customerId, String detail) {
    return trail.record(entry(ctx, action, target, targetId, customerId, detail))
        .recover(failure -> Future.failedFuture(ApiProblem.unavailable(
            "the audit trail could not record this access, so it is not answered; try again")));
  }

  /** The entry for this request's caller. */
  public static AuditEntry entry(RoutingContext ctx, AuditAction action, AuditTarget target, String targetId,
      String customerId, String detail) {
    return new AuditEntry(action, Authentication.principal(ctx).actor(), target, targetId, customerId,
        clientAddress(ctx), detail);
  }

  private static String clientAddress(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
  }
}
