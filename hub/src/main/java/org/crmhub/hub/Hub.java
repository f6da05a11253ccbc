package org.crmhub.hub;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.List;
import org.crmhub.connector.email.EmailConnector;
import org.crmhub.connector.ivr.IvrEventsConnector;
import org.crmhub.connector.social.meta.MetaConnector;
import org.crmhub.connector.social.x.XConnector;
import org.crmhub.hub.channels.ChannelHealthStore;
import org.crmhub.hub.channels.LeasedSourcesReport;
import org.crmhub.hub.channels.Connectors;
import org.crmhub.hub.channels.RedisLeases;
import org.crmhub.hub.reply.ReplyDeliveryReports;
import org.crmhub.hub.reply.ReplyService;
import org.crmhub.connector.ivr.TwilioVoiceConnector;
import org.crmhub.hub.api.AdminApi;
import org.crmhub.hub.api.AttachmentsApi;
import org.crmhub.hub.attachment.RedisAttachmentStore;
import org.crmhub.hub.api.ApiProblem;
import org.crmhub.hub.api.ApiRouter;
import org.crmhub.hub.api.AuthApi;
import org.crmhub.hub.api.Authentication;
import org.crmhub.hub.api.ContactsApi;
import org.crmhub.hub.api.ConversationsApi;
import org.crmhub.hub.api.CustomersApi;
import org.crmhub.hub.api.EventsApi;
import org.crmhub.hub.api.PresenceApi;
import org.crmhub.hub.api.ProblemHandler;
import org.crmhub.hub.api.WebhooksApi;
import org.crmhub.hub.auth.ApiKeyStore;
import org.crmhub.hub.auth.LoginRateLimiter;
import org.crmhub.hub.auth.PasswordHasher;
import org.crmhub.hub.auth.Role;
import org.crmhub.hub.auth.Scope;
import org.crmhub.hub.auth.SessionStore;
import org.crmhub.hub.auth.StaffStore;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.conversation.ConversationThreader;
import org.crmhub.hub.conversation.InboxIndex;
import org.crmhub.hub.conversation.InboxQuery;
import org.crmhub.hub.customer.CustomerMerger;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.connector.IdentityNormalizer;
import org.crmhub.hub.customer.IdentityResolver;
import org.crmhub.hub.customer.duplicates.DuplicateCustomersApi;
import org.crmhub.hub.customer.duplicates.DuplicateIndex;
import org.crmhub.hub.customer.duplicates.DuplicateQuery;
import org.crmhub.hub.auth.LegacyStaffKeys;
import org.crmhub.hub.staff.StaffAdminApi;
import org.crmhub.hub.staff.StaffChanges;
import org.crmhub.connector.Connector;
import org.crmhub.hub.demo.DemoData;
import org.crmhub.hub.demo.RecordOnlySender;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.events.EventTail;
import org.crmhub.hub.health.HealthRoutes;
import org.crmhub.connector.Ingest;
import org.crmhub.hub.health.CountingIngest;
import org.crmhub.hub.health.HubMetrics;
import org.crmhub.hub.ingest.DeadLetters;
import org.crmhub.hub.ingest.IngestConsumer;
import org.crmhub.hub.ingest.IngestKeys;
import org.crmhub.hub.ingest.RedisIngest;
import org.crmhub.hub.pipeline.ContactPipeline;
import org.crmhub.hub.presence.PresenceStore;
import org.crmhub.hub.portal.PortalHandlers;
import org.crmhub.hub.portal.PortalMails;
import org.crmhub.hub.portal.PortalReplyConnector;
import org.crmhub.hub.portal.PortalSecret;
import org.crmhub.portal.Mailer;
import org.crmhub.portal.PortalConfig;
import org.crmhub.hub.redis.EmbeddedRedis;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.RedisWatchdog;
import org.crmhub.hub.sentiment.SentimentAnalyzer;
import org.crmhub.hub.webhooks.DeliveryWorker;
import org.crmhub.hub.webhooks.EventFanOut;
import org.crmhub.hub.webhooks.WebhookSender;
import org.crmhub.hub.webhooks.WebhookStore;
import org.crmhub.hub.web.StaffWebApp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The hub process: storage, ingest consumers, the HTTP API. Wires the parts; owns none of their logic. */
public final class Hub extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
  private static final int INGEST_PARTITIONS = 2;

  private final HubConfig config;
  private EmbeddedRedis embeddedRedis;
  private Redis redis;
  private IngestConsumer consumer;
  private EventTail eventTail;
  private EventFanOut webhookFanOut;
  private DeliveryWorker webhookWorker;
  private final Connectors connectors = new Connectors(List.of(
      new Connectors.Installed(new TwilioVoiceConnector(), "phone"),
      new Connectors.Installed(new IvrEventsConnector(), "phone"),
      new Connectors.Installed(new XConnector(), "x"),
      new Connectors.Installed(new MetaConnector(), "meta"),
      new Connectors.Installed(new PortalReplyConnector(), "portal"),
      new Connectors.Installed(new EmailConnector(), "email")));
  private HttpServer server;
  private RedisWatchdog redisWatchdog;
  /** Redis silent this long: contacts are refused at once (503) instead of waiting on a timeout. */
  private static final java.time.Duration REDIS_STALL = java.time.Duration.ofSeconds(2);
  private String activeRedisUrl;
  private PortalSecret portalSecret;
  private final Mailer portalMailer;
  /** Names this process among the hubs sharing one Redis, as a lease holder. */
  private final String hubId = Ids.next("hub");

  /** Demo mode: an empty hub is filled with sample customers and conversations once it listens. */
  private final boolean demo;

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

  /** The Redis this hub uses (the embedded one's URL when REDIS_URL is unset), for the in-process portal. */
  public String activeRedisUrl() {
    return activeRedisUrl;
  }

  /** Ensures the in-process portal's API key (scope portal) exists and returns its secret. */
  public Future<String> portalApiKey() {
    String secret = portalSecret.portalApiKey();
    return new ApiKeyStore(redis)
        .ensureKey("key_portal", secret, "self-service portal (in-process)", java.util.Set.of(Scope.PORTAL))
        .map(v -> secret);
  }

  /** The port the HTTP server listens on (useful with PORT=0). */
  public int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    return redisUrl()
        .compose(url -> {
          activeRedisUrl = url;
          return Redis.connect(vertx, url);
        })
        .compose(connected -> {
          redis = connected;
          return PortalSecret.load(redis);
        })
        .compose(secret -> {
          portalSecret = secret;
          // processing gets a connection of its own so its many small steps do not queue
          // behind bursts of API traffic on the shared one
          return redis.dedicatedConnection();
        })
        .compose(this::wire);
  }

  private Future<String> redisUrl() {
    if (config.redisUrl() != null) {
      return Future.succeededFuture(config.redisUrl());
    }
    return vertx.executeBlocking(() -> EmbeddedRedis.start(config.dataDir()))
        .map(started -> {
          embeddedRedis = started;
          return started.url();
        });
  }

  private Future<?> wire(Redis processing) {
    IngestKeys ingestKeys = new IngestKeys(INGEST_PARTITIONS);
    IdentityNormalizer normalizer = new IdentityNormalizer(config.defaultRegion());
    CustomerStore customers = new CustomerStore(redis);
    ConversationStore conversations = new ConversationStore(redis);
    InboxIndex inbox = new InboxIndex(redis);
    DomainEvents events = new DomainEvents(redis);
    DeadLetters deadLetters = new DeadLetters(redis, ingestKeys);
    consumer = new IngestConsumer(vertx, processing, ingestKeys, pipeline(processing),
        new DeadLetters(processing, ingestKeys), config.reclaimIdle(), config.maxDeliveries());
    eventTail = new EventTail(vertx, redis);
    HubMetrics metrics = new HubMetrics();
    consumer.onProcessed((contact, acceptedAtMillis) -> metrics.contactProcessed(contact.channel(), acceptedAtMillis));
    metrics.watchEventLoop(vertx);
    ChannelHealthStore channelHealth = new ChannelHealthStore(redis);

    ApiKeyStore apiKeys = new ApiKeyStore(redis);
    SessionStore sessions = new SessionStore(redis);
    StaffStore staff = new StaffStore(vertx, redis, new PasswordHasher());
    Authentication authentication = new Authentication(apiKeys, sessions);

    redisWatchdog = new RedisWatchdog(vertx, redis, REDIS_STALL);
    redisWatchdog.start();
    // every channel, the portal and the API accept through it, so each accepted contact is counted
    Ingest ingest = new CountingIngest(new RedisIngest(redis, ingestKeys, redisWatchdog), metrics);
    ContactsApi contactsApi = new ContactsApi(ingest, normalizer);
    // demo mode answers on every channel: replies no connector can send are recorded, marked not sent
    List<Connector> senders = demo
        ? java.util.stream.Stream.concat(connectors.all().stream(), java.util.stream.Stream.of(new RecordOnlySender())).toList()
        : connectors.all();
    ReplyService replyService = new ReplyService(conversations, customers, inbox, events, senders);
    ConversationsApi conversationsApi = new ConversationsApi(conversations, customers,
        new InboxQuery(redis, conversations), inbox, events, replyService);
    DuplicateIndex duplicates = new DuplicateIndex(redis);
    CustomersApi customersApi = new CustomersApi(customers, conversations,
        new CustomerMerger(customers, conversations, events, duplicates), normalizer);
    DuplicateCustomersApi duplicatesApi = new DuplicateCustomersApi(new DuplicateQuery(redis, customers), duplicates, customers);
    StaffAdminApi staffAdminApi = new StaffAdminApi(new StaffChanges(redis, staff, sessions), staff);
    LoginRateLimiter signIns = new LoginRateLimiter(redis, config.loginAttemptsPerWindow(), config.loginWindow());
    AuthApi authApi = new AuthApi(staff, sessions, signIns, config.secureCookies());
    AdminApi adminApi = new AdminApi(apiKeys, deadLetters, staff, channelHealth,
        () -> connectors.describe(config::channel, senders));
    PresenceApi presenceApi = new PresenceApi(conversations, new PresenceStore(redis), events);
    EventsApi eventsApi = new EventsApi(vertx, eventTail);
    WebhookStore webhookStore = new WebhookStore(redis);
    WebhookSender webhookSender = new WebhookSender(vertx, config.webhooks().targetPolicy(), config.webhooks().timeout());
    WebhooksApi webhooksApi = new WebhooksApi(webhookStore, webhookSender);
    RedisAttachmentStore attachments = new RedisAttachmentStore(redis);
    AttachmentsApi attachmentsApi = new AttachmentsApi(attachments);
    webhookFanOut = new EventFanOut(vertx, processing, new WebhookStore(processing));
    webhookWorker = new DeliveryWorker(vertx, new WebhookStore(processing), webhookSender, config.webhooks(), hubId,
        metrics::webhookAttempt);

    Map<String, Handler<RoutingContext>> handlers = Map.ofEntries(
        Map.entry("acceptContact", contactsApi::accept),
        Map.entry("listConversations", conversationsApi::list),
        Map.entry("getConversation", conversationsApi::get),
        Map.entry("updateConversation", conversationsApi::update),
        Map.entry("replyToConversation", conversationsApi::reply),
        Map.entry("addConversationNote", conversationsApi::note),
        Map.entry("reportPresence", presenceApi::heartbeat),
        Map.entry("listChannelHealth", adminApi::listChannelHealth),
        Map.entry("findCustomers", customersApi::find),
        Map.entry("getCustomer", customersApi::get),
        Map.entry("mergeCustomers", customersApi::merge),
        Map.entry("splitCustomer", customersApi::split),
        Map.entry("listDuplicateCustomers", duplicatesApi::list),
        Map.entry("dismissDuplicateCustomers", duplicatesApi::dismiss),
        Map.entry("login", authApi::login),
        Map.entry("logout", authApi::logout),
        Map.entry("getSession", authApi::session),
        Map.entry("listStaff", adminApi::listStaff),
        Map.entry("createStaff", adminApi::createStaff),
        Map.entry("updateStaff", staffAdminApi::update),
        Map.entry("setStaffPassword", staffAdminApi::setPassword),
        Map.entry("listApiKeys", adminApi::listApiKeys),
        Map.entry("createApiKey", adminApi::createApiKey),
        Map.entry("revokeApiKey", adminApi::revokeApiKey),
        Map.entry("listDeadLetters", adminApi::listDeadLetters),
        Map.entry("redriveDeadLetter", adminApi::redrive),
        Map.entry("streamEvents", eventsApi::stream),
        Map.entry("listWebhooks", webhooksApi::list),
        Map.entry("createWebhook", webhooksApi::create),
        Map.entry("getWebhook", webhooksApi::get),
        Map.entry("updateWebhook", webhooksApi::update),
        Map.entry("deleteWebhook", webhooksApi::delete),
        Map.entry("rotateWebhookSecret", webhooksApi::rotateSecret),
        Map.entry("pingWebhook", webhooksApi::ping),
        Map.entry("listWebhookDeliveries", webhooksApi::deliveries),
        Map.entry("listWebhookAttempts", webhooksApi::attempts),
        Map.entry("resendWebhookDelivery", webhooksApi::resend),
        Map.entry("replayWebhookDeliveries", webhooksApi::replay),
        Map.entry("getAttachment", attachmentsApi::download));
    PortalConfig.MailSettings portalMail = PortalConfig.MailSettings.fromEnvironment(System.getenv());
    Map<String, Handler<RoutingContext>> allHandlers = PortalHandlers.addTo(handlers, vertx, redis, portalSecret,
        ingest, normalizer, signIns, new PortalMails(portalMailer != null ? portalMailer : portalMail.mailer(vertx),
            portalMail.publicUrl()));

    HealthRoutes health = new HealthRoutes(redis, redisWatchdog, ingestKeys, metrics,
        () -> !config.consumeIngest() || consumer.isRunning(),
        new LeasedSourcesReport(redis, hubId, connectors.all(), channelHealth)::report);

    return bootstrapAccounts(staff, apiKeys)
        .compose(v -> config.consumeIngest() ? consumer.start() : Future.succeededFuture())
        .compose(v -> eventTail.start())
        .compose(v -> webhookFanOut.start())
        .onSuccess(v -> webhookWorker.start())
        .compose(v -> ApiRouter.create(vertx, authentication, config.bodyLimitBytes(), allHandlers))
        .compose(api -> {
          Router root = Router.router(vertx);
          root.route().handler(metrics::timeRequest);
          root.route().handler(Hub::securityHeaders);
          health.mount(root);
          new StaffWebApp(authentication, conversations).mount(root);
          // provider webhooks sit beside the contract (Twilio posts forms, signed its own way)
          Connectors.Shared shared = new Connectors.Shared(vertx, ingest, root, config.publicUrl(), redis,
              new RedisLeases(redis, hubId), channelHealth, new ReplyDeliveryReports(conversations, events), attachments);
          return connectors.start(shared, config::channel)
              .map(v -> {
                root.route("/*").subRouter(api);
                return root;
              });
        })
        .compose(root -> {
          root.route().last().handler(ctx -> ctx.fail(ApiProblem.notFound(ctx.request().path())));
          root.route().failureHandler(new ProblemHandler());
          return vertx.createHttpServer(new HttpServerOptions()
                  .setHost(config.host())
                  .setMaxHeaderSize(16 * 1024)
                  .setMaxFormAttributeSize(32 * 1024)
                  .setMaxInitialLineLength(8 * 1024))
              .requestHandler(root)
              .listen(config.port());
        })
        .onSuccess(listening -> {
          server = listening;
          // the id is what this hub's leases in Redis hold, so an operator can tell which process has one
          LOG.info("crm-hub listening on port {} as {} (public URL {})", listening.actualPort(), hubId,
              config.publicUrl());
          if (demo) {
            new DemoData(vertx, redis, ingest, conversations, inbox, normalizer).seedIfEmpty()
                .onFailure(failure -> LOG.warn("demo data not added: {}", failure.getMessage()));
          }
        });
  }

  private static ContactPipeline pipeline(Redis processing) {
    CustomerStore customers = new CustomerStore(processing);
    ConversationStore conversations = new ConversationStore(processing);
    return new ContactPipeline(new IdentityResolver(customers, new DuplicateIndex(processing)),
        new ConversationThreader(conversations, customers), conversations, customers,
        new InboxIndex(processing), SentimentAnalyzer.fromClasspath(), new DomainEvents(processing));
  }

  private Future<Void> bootstrapAccounts(StaffStore staff, ApiKeyStore apiKeys) {
    String password = config.adminPassword() != null ? config.adminPassword() : Ids.randomToken(15);
    return new LegacyStaffKeys(redis).migrate().compose(v -> staff.createIfAbsent("admin", password, Role.ADMIN))
        .onSuccess(created -> {
          if (created && config.adminPassword() == null) {
            LOG.warn("\n\n  First start: staff user 'admin' created with password {}\n"
                + "  It is shown only this once. Set CRMHUB_ADMIN_PASSWORD to choose it yourself.\n", password);
          }
        })
        .compose(v -> config.bootstrapApiKey() != null
            ? apiKeys.ensureBootstrapKey(config.bootstrapApiKey())
            : Future.succeededFuture());
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    ctx.next();
  }

  /**
   * Stops in dependency order: the connectors first (they give up their leases and save their
   * offsets, which needs Redis), then the consumers and workers, then HTTP, and Redis last. A
   * step that fails does not keep the later ones from running.
   */
  @Override
  public Future<?> stop() {
    return connectors.stop()
        .eventually(() -> consumer == null ? Future.succeededFuture() : consumer.stop())
        .eventually(() -> eventTail == null ? Future.succeededFuture() : eventTail.stop())
        .eventually(() -> webhookFanOut == null ? Future.succeededFuture() : webhookFanOut.stop())
        .eventually(() -> webhookWorker == null ? Future.succeededFuture() : webhookWorker.stop())
        .eventually(() -> server == null ? Future.succeededFuture() : server.close())
        .onComplete(v -> {
          if (redisWatchdog != null) {
            redisWatchdog.stop();
          }
        })
        .eventually(() -> redis == null ? Future.succeededFuture() : redis.shutdown())
        .eventually(() -> embeddedRedis == null
            ? Future.succeededFuture()
            : vertx.executeBlocking(() -> {
              embeddedRedis.stop();
              return null;
            }));
  }
}
