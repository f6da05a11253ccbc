package org.crmhub.hub.privacy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.crmhub.hub.api.ApiOperations;
import org.crmhub.hub.api.AuditedAccess;
import org.crmhub.hub.audit.AuditAction;
import org.crmhub.hub.audit.AuditTarget;
import org.crmhub.hub.api.ContractValidation;
import org.crmhub.hub.customer.Customer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/customers/{customerId}/export} (admins): the customer's data as a ZIP
 * ({@link CustomerExport}), streamed chunked as it is written.
 *
 * <p>The handler first settles everything that can still be answered as a problem (an unknown
 * customer is 404, one merged away 409); further checks or records that must happen before the
 * first byte compose in {@link #export} before {@link #stream}. Then a worker of the export pool
 * writes the ZIP into the response, waiting while the client's write queue is full. A failure
 * before the first chunk is answered as a problem; after it the connection is reset, so the client
 * sees a broken download, never a ZIP that looks complete. A client that goes away stops the
 * writer at its next write or page.
 */
public final class CustomerExportApi implements ApiOperations {

  private static final Logger LOG = LoggerFactory.getLogger(CustomerExportApi.class);
  /** Exports written at once by this process; more wait their turn (each holds one worker). */
  private static final int WRITERS = 2;
  /** How long the writer waits for one read, or for a client to take the next chunk. */
  public static final Duration WAIT = Duration.ofSeconds(60);

  private final Vertx vertx;
  private final CustomerExport export;
  private final WorkerExecutor writers;
  private final AuditedAccess audit;

  public CustomerExportApi(Vertx vertx, CustomerExport export, AuditedAccess audit) {
    this.vertx = vertx;
    this.export = export;
    this.audit = audit;
    // an export of a large customer takes minutes: the blocked-thread warning only after 30
    this.writers = vertx.createSharedWorkerExecutor("crm-hub-export", WRITERS, 30, TimeUnit.MINUTES);
  }

  public void export(RoutingContext ctx) {
    String customerId = ContractValidation.validated(ctx).getPathParameters().get("customerId").getString();
    export.subject(customerId)
        // recorded before the first byte: no export leaves without its entry
        .compose(customer -> audit.record(ctx, AuditAction.CUSTOMER_EXPORTED, AuditTarget.CUSTOMER, customerId,
            customerId, null).map(customer))
        .compose(customer -> stream(ctx, customer))
        .onFailure(failure -> failed(ctx, customerId, failure));
  }

  /** Writes the ZIP on a worker; completes once the response ended. */
  private Future<Void> stream(RoutingContext ctx, Customer customer) {
    Context context = vertx.getOrCreateContext();
    ContextWaits waits = new ContextWaits(context, WAIT);
    HttpServerResponse response = ctx.response();
    ResponseOutputStream out = new ResponseOutputStream(response, waits, () -> response
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", "application/zip")
        .putHeader("Content-Disposition", "attachment; filename=\"customer-" + customer.id() + ".zip\"")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Content-Type-Options", "nosniff"));
    return writers.executeBlocking(() -> {
      export.write(customer, out, waits, out::checkOpen);
      out.finish();
      return null;
    }, false);
  }

  private static void failed(RoutingContext ctx, String customerId, Throwable failure) {
    Throwable cause = failure instanceof ContextWaits.WorkFailed read ? read.getCause() : failure;
    if (!ctx.response().headWritten()) {
      ctx.fail(cause);
      return;
    }
    if (cause instanceof ResponseOutputStream.ClientGone) {
      LOG.info("export of customer {} stopped: {}", customerId, cause.getMessage());
    } else {
      LOG.error("export of customer {} failed after it started; the connection is reset", customerId, cause);
    }
    ctx.response().reset();
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of("exportCustomer", this::export);
  }
}
