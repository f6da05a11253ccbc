package org.crmhub.hub.privacy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import org.crmhub.connector.Leases;
import org.crmhub.hub.attachment.Attachments;
import org.crmhub.hub.attachment.BlobStore;
import org.crmhub.hub.attachment.BlobSweep;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.conversation.InboxIndex;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.customer.DuplicateHints;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.ingest.IngestKeys;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.webhooks.WebhookStore;

/** The hub's privacy part: erasure jobs, the worker running them, the retention period, their API. */
public final class Privacy {

  /** What erasing touches, owned by other parts of the hub. */
  public record Stores(Redis redis, CustomerStore customers, ConversationStore conversations, InboxIndex inbox,
      Attachments attachments, BlobStore blobs, Duration blobGrace, IngestKeys ingestKeys, WebhookStore webhooks,
      DuplicateHints duplicates, DomainEvents events) {}

  private final ErasureJobs jobs;
  private final ErasureWorker worker;
  private final Retention retention;
  private final Vertx vertx;
  private final CustomerStore customers;
  private final Clock clock;

  public Privacy(Vertx vertx, Stores stores, PrivacySettings settings, Leases leases, Clock clock) {
    this.jobs = new ErasureJobs(stores.redis());
    CustomerErasure erasure = new CustomerErasure(jobs, stores.customers(),
        new ConversationErasure(stores.redis(), stores.conversations(), stores.inbox(), stores.attachments(),
            stores.ingestKeys()),
        new PortalErasure(stores.redis()),
        new CopiesErasure(stores.redis(), stores.webhooks()),
        stores.duplicates(), stores.events(),
        new BlobSweep(vertx, stores.redis(), stores.blobs(), stores.blobGrace(), clock),
        new DiskCompaction(vertx, stores.redis()), new FanOutWait(vertx, stores.redis()), clock);
    this.worker = new ErasureWorker(vertx, jobs, erasure, leases);
    this.retention = new Retention(vertx, settings, stores.inbox(), stores.conversations(), stores.customers(), jobs,
        leases, clock);
    this.vertx = vertx;
    this.customers = stores.customers();
    this.clock = clock;
  }

  public ErasureJobs jobs() {
    return jobs;
  }

  /** The API, recording erasures in the audit trail. */
  public PrivacyApi api(org.crmhub.hub.api.AuditedAccess audit) {
    return new PrivacyApi(vertx, jobs, customers, retention, audit, clock);
  }

  public void start() {
    worker.start();
    retention.start();
  }

  public Future<Void> stop() {
    return Future.join(retention.stop(), worker.stop()).mapEmpty();
  }
}
