package org.crmhub.hub;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.crmhub.connector.Connector;
import org.crmhub.connector.IdentityNormalizer;
import org.crmhub.connector.Ingest;
import org.crmhub.connector.email.EmailConnector;
import org.crmhub.connector.ivr.IvrEventsConnector;
import org.crmhub.connector.ivr.TwilioVoiceConnector;
import org.crmhub.connector.social.meta.MetaConnector;
import org.crmhub.connector.social.x.XConnector;
import org.crmhub.hub.attachment.BlobSweep;
import org.crmhub.hub.attachment.BlobSweeps;
import org.crmhub.hub.audit.AuditTrail;
import org.crmhub.hub.auth.LegacyStaffKeys;
import org.crmhub.hub.auth.LoginRateLimiter;
import org.crmhub.hub.auth.Role;
import org.crmhub.hub.auth.Scope;
import org.crmhub.hub.channels.Connectors;
import org.crmhub.hub.channels.LeasedSourcesReport;
import org.crmhub.hub.channels.RedisLeases;
import org.crmhub.hub.conversation.LegacyInboxKeys;
import org.crmhub.hub.demo.DemoData;
import org.crmhub.hub.demo.RecordOnlySender;
import org.crmhub.hub.health.CountingIngest;
import org.crmhub.hub.health.HealthRoutes;
import org.crmhub.hub.health.HubMetrics;
import org.crmhub.hub.ingest.IntakePacing;
import org.crmhub.hub.ingest.RedisIngest;
import org.crmhub.hub.privacy.Privacy;
import org.crmhub.hub.portal.PortalMails;
import org.crmhub.hub.portal.PortalReplyConnector;
import org.crmhub.hub.reply.ReplyDeliveryReports;
import org.crmhub.hub.search.SearchService;
import org.crmhub.hub.webhooks.LegacyWebhookKeys;
import org.crmhub.hub.webhooks.SplitWebhookDeliveries;
import org.crmhub.hub.webhooks.WebhookSender;
import org.crmhub.portal.Mailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub process, assembled from its parts: storage ({@link HubStorage}), processing
 * ({@link HubProcessing}), the connectors, and HTTP ({@link HubHttp}). It starts them in that order
 * and stops them the other way round, connectors first (they give up leases and save offsets,
 * which needs Redis) and storage last. It owns none of their logic.
 */
public final class Hub extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
  /** Appends trim the audit trail as they come; this trims it while nothing is appended. */
  private static final Duration AUDIT_TRIM_EVERY = Duration.ofHours(1);

  private final HubConfig config;
  private final Connectors connectors = installedConnectors();
  private final Mailer portalMailer;
  /** Names this process among the hubs sharing one Redis, as a lease holder. */
  private final String hubId = Ids.next("hub");
  /** Demo mode: an empty hub is filled with sample customers and conversations once it listens. */
  private final boolean demo;

  private HubStorage storage;
  private HubProcessing processing;
  private HubHttp http;
  private BlobSweeps blobSweeps;
  private SearchService search;
  private Privacy privacy;
  private long auditTrimTimer = -1;

  public Hub(HubConfig config) {
    this(config, false);
  }

  public Hub(HubConfig config, boolean demo) {
    this(config, demo, null);
  }

  /** @param portalMailer sends the mails the hub writes to portal customers; null for PORTAL_SMTP_URL or the log */
  public Hub(HubConfig config, boolean demo, Mailer portalMailer) {
    this.config = config;
    this.demo = demo;
    this.portalMailer = portalMailer;
  }

  /** Every connector this hub runs, each with the name of its settings section; new instances each call. */
  public static Connectors installedConnectors() {
    return new Connectors(List.of(
        new Connectors.Installed(new TwilioVoiceConnector(), "phone"),
        new Connectors.Installed(new IvrEventsConnector(), "phone"),
        new Connectors.Installed(new XConnector(), "x"),
        new Connectors.Installed(new MetaConnector(), "meta"),
        new Connectors.Installed(new PortalReplyConnector(), "portal"),
        new Connectors.Installed(new EmailConnector(), "email")));
  }

  /** The Redis this hub uses (the embedded one's URL when REDIS_URL is unset), for the in-process portal. */
  public String activeRedisUrl() {
    return storage.url();
  }

  /** Ensures the in-process portal's API key (scope portal) exists and returns its secret. */
  public Future<String> portalApiKey() {
    String secret = storage.portalSecret().portalApiKey();
    return storage.apiKeys()
        .ensureKey("key_portal", secret, "self-service portal (in-process)", Set.of(Scope.PORTAL))
        .map(v -> secret);
  }

  /** The port the HTTP server listens on (useful with PORT=0). */
  public int port() {
    return http.port();
  }

  @Override
  public Future<?> start() {
    return HubStorage.open(vertx, config)
        .compose(opened -> {
          storage = opened;
          return assemble();
        });
  }

  private Future<?> assemble() {
    HubMetrics metrics = new HubMetrics();
    metrics.watchEventLoop(vertx);
    IdentityNormalizer normalizer = new IdentityNormalizer(config.defaultRegion());
    // every channel, the portal and the API accept through it, so each accepted contact is counted
    Ingest ingest = new CountingIngest(
        new RedisIngest(storage.redis(), storage.ingestKeys(), storage.watchdog(), config.intake().maxBacklog(),
            config.replicaAcks(), storage.replicatedWriter(),
            new IntakePacing(vertx, config.intake(), storage.ingestKeys().partitions(), metrics::contactPaced)),
        metrics);
    WebhookSender webhookSender = new WebhookSender(vertx, config.webhooks().targetPolicy(),
        config.webhooks().timeout());
    processing = new HubProcessing(vertx, config, storage, metrics, webhookSender, hubId);
    // one index and one searcher per process, shared by every HTTP server
    search = new SearchService(vertx, config.searchDir(), storage.redis(), storage.inbox(), storage.conversations(),
        storage.customers(), metrics::searchIndexed);
    // demo mode answers on every channel: replies no connector can send are recorded, marked not sent
    List<Connector> senders = demo
        ? Stream.concat(connectors.all().stream(), Stream.of(new RecordOnlySender())).toList()
        : connectors.all();
    HealthRoutes health = new HealthRoutes(storage.redis(), storage.watchdog(), storage.ingestKeys(), metrics,
        processing::filingContacts,
        new LeasedSourcesReport(storage.redis(), hubId, connectors.all(), storage.channelHealth())::report,
        config.intake().maxBacklog());
    privacy = new Privacy(vertx, new Privacy.Stores(storage.redis(), storage.customers(), storage.conversations(),
        storage.inbox(), storage.attachments(), storage.blobs(), config.blobs().sweepGrace(), storage.ingestKeys(),
        storage.webhooks(), storage.duplicates(), storage.events()), config.privacy(), new RedisLeases(storage.redis(), hubId),
        Clock.systemUTC());
    AuditTrail audit = new AuditTrail(storage.redis(), config.privacy().auditRetention(), Clock.systemUTC());
    HubHttp.Needs needs = new HubHttp.Needs(ingest, normalizer, metrics, health, processing.eventTail(),
        webhookSender, new LoginRateLimiter(storage.redis(), config.loginAttemptsPerWindow(), config.loginWindow()),
        new PortalMails(portalMailer != null ? portalMailer : config.portalMail().mailer(vertx),
            config.portalMail().publicUrl()),
        senders, () -> connectors.describe(config::channel, senders), processing.sentimentModels(), search, privacy,
        audit);

    return bootstrapAccounts()
        .compose(v -> new LegacyWebhookKeys(storage.redis()).migrate())
        .compose(v -> new SplitWebhookDeliveries(storage.redis()).migrate())
        .compose(v -> new LegacyInboxKeys(storage.redis()).migrate())
        .compose(v -> processing.start())
        .compose(v -> search.start())
        .compose(v -> HubHttp.create(vertx, config, storage, needs))
        .compose(created -> {
          http = created;
          // provider webhooks sit beside the contract (Twilio posts forms, signed its own way)
          Connectors.Shared shared = new Connectors.Shared(vertx, ingest, http.root(), config.publicUrl(),
              storage.redis(), new RedisLeases(storage.redis(), hubId), storage.channelHealth(),
              new ReplyDeliveryReports(storage.conversations(), storage.events()), storage.attachments(),
              normalizer);
          return connectors.start(shared, config::channel);
        })
        .compose(v -> http.listen())
        .onSuccess(listening -> {
          blobSweeps = new BlobSweeps(vertx,
              new BlobSweep(vertx, storage.redis(), storage.blobs(), config.blobs().sweepGrace(), Clock.systemUTC()),
              new RedisLeases(storage.redis(), hubId), config.blobs().sweepEvery(),
              outcome -> metrics.blobSweepFinished(outcome.deleted(), outcome.leftovers()));
          blobSweeps.start();
          privacy.start();
          auditTrimTimer = vertx.setPeriodic(AUDIT_TRIM_EVERY.toMillis(), timer -> audit.trim()
              .onFailure(failure -> LOG.warn("the audit trail was not trimmed: {}", failure.getMessage())));
          // the id is what this hub's leases in Redis hold, so an operator can tell which process has one
          LOG.info("crm-hub listening on port {} as {} (public URL {})", listening.actualPort(), hubId,
              config.publicUrl());
          if (demo) {
            new DemoData(vertx, storage.redis(), ingest, storage.conversations(), storage.inbox(), normalizer)
                .seedIfEmpty()
                .onFailure(failure -> LOG.warn("demo data not added: {}", failure.getMessage()));
          }
        });
  }

  private Future<Void> bootstrapAccounts() {
    String password = config.adminPassword() != null ? config.adminPassword() : Ids.randomToken(15);
    return new LegacyStaffKeys(storage.redis()).migrate()
        .compose(v -> storage.staff().createIfAbsent("admin", password, Role.ADMIN))
        .onSuccess(created -> {
          if (created && config.adminPassword() == null) {
            LOG.warn("\n\n  First start: staff user 'admin' created with password {}\n"
                + "  It is shown only this once. Set CRMHUB_ADMIN_PASSWORD to choose it yourself.\n", password);
          }
        })
        .compose(v -> config.bootstrapApiKey() != null
            ? storage.apiKeys().ensureBootstrapKey(config.bootstrapApiKey())
            : Future.succeededFuture());
  }

  /**
   * Stops in the reverse order of start: the connectors first (they give up their leases and save
   * their offsets, which needs Redis), then processing and the search index's feed together (each
   * waits for its blocked reads to return), then HTTP, and storage last. A step that
   * fails does not keep the later ones from running.
   */
  @Override
  public Future<?> stop() {
    if (blobSweeps != null) {
      blobSweeps.stop();
    }
    vertx.cancelTimer(auditTrimTimer);
    return (privacy == null ? Future.<Void>succeededFuture() : privacy.stop())
        .eventually(connectors::stop)
        .eventually(() -> Future.join(processing == null ? Future.succeededFuture() : processing.stop(),
            search == null ? Future.succeededFuture() : search.stop()))
        .eventually(() -> http == null ? Future.succeededFuture() : http.close())
        .eventually(() -> storage == null ? Future.succeededFuture() : storage.close());
  }
}
