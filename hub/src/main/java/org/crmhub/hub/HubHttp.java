package org.crmhub.hub;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.crmhub.connector.Connector;
import org.crmhub.connector.IdentityNormalizer;
import org.crmhub.connector.Ingest;
import org.crmhub.hub.api.AdminApi;
import org.crmhub.hub.api.ApiOperations;
import org.crmhub.hub.api.ApiProblem;
import org.crmhub.hub.api.ApiRouter;
import org.crmhub.hub.api.AttachmentsApi;
import org.crmhub.hub.api.AuditApi;
import org.crmhub.hub.api.AuditedAccess;
import org.crmhub.hub.api.AuthApi;
import org.crmhub.hub.api.Authentication;
import org.crmhub.hub.api.ContactsApi;
import org.crmhub.hub.api.ConversationsApi;
import org.crmhub.hub.api.CustomersApi;
import org.crmhub.hub.api.DuplicateCustomersApi;
import org.crmhub.hub.api.SentimentModelApi;
import org.crmhub.hub.api.StaffAdminApi;
import org.crmhub.hub.customer.duplicates.DuplicateQuery;
import org.crmhub.hub.staff.StaffChanges;
import org.crmhub.hub.api.EventsApi;
import org.crmhub.hub.api.PresenceApi;
import org.crmhub.hub.api.SearchApi;
import org.crmhub.hub.api.SearchIndexApi;
import org.crmhub.hub.api.ProblemHandler;
import org.crmhub.hub.api.WebhooksApi;
import org.crmhub.hub.audit.AuditTrail;
import org.crmhub.hub.auth.LoginRateLimiter;
import org.crmhub.hub.conversation.ConversationService;
import org.crmhub.hub.conversation.SentimentCorrections;
import org.crmhub.hub.conversation.InboxQuery;
import org.crmhub.hub.merge.CustomerMerger;
import org.crmhub.hub.events.EventTail;
import org.crmhub.hub.health.HealthRoutes;
import org.crmhub.hub.health.HubMetrics;
import org.crmhub.hub.auth.PasswordHasher;
import org.crmhub.hub.portal.PortalAccounts;
import org.crmhub.hub.portal.PortalApis;
import org.crmhub.hub.privacy.CustomerExport;
import org.crmhub.hub.privacy.CustomerExportApi;
import org.crmhub.hub.portal.PortalMails;
import org.crmhub.hub.privacy.Privacy;
import org.crmhub.hub.reply.ReplyService;
import org.crmhub.hub.search.SearchService;
import org.crmhub.hub.web.StaffWebApp;
import org.crmhub.hub.webhooks.WebhookSender;
import org.crmhub.hub.sentiment.learning.SentimentModels;
import org.crmhub.hub.sentiment.learning.TrainingExamples;

/**
 * The hub's HTTP side: health and metrics, the staff web app, the routes connectors add for their
 * providers' webhooks, and the REST API, whose operations each API class names itself.
 */
final class HubHttp {

  private static final AtomicInteger RANDOM_PORT_GROUPS = new AtomicInteger();

  /** What the HTTP side uses that other parts of the hub own. */
  record Needs(Ingest ingest, IdentityNormalizer normalizer, HubMetrics metrics, HealthRoutes health,
      EventTail eventTail, WebhookSender webhookSender, LoginRateLimiter signIns, PortalMails portalMails,
      List<Connector> senders, Supplier<List<JsonObject>> channels, SentimentModels sentimentModels,
      SearchService search, Privacy privacy, AuditTrail audit) {}

  private final Vertx vertx;
  private final HubConfig config;
  private final Router root;
  private final Router api;
  private final List<String> moreServers = new ArrayList<>();
  private HttpServer server;

  // package-private for HubHttpInstancesTest
  HubHttp(Vertx vertx, HubConfig config, Router root, Router api) {
    this.vertx = vertx;
    this.config = config;
    this.root = root;
    this.api = api;
  }

  /** Builds the API from the contract (an operation without a handler fails here) and the routes before it. */
  static Future<HubHttp> create(Vertx vertx, HubConfig config, HubStorage storage, Needs needs) {
    Authentication authentication = new Authentication(storage.apiKeys(), storage.sessions());
    Map<String, Handler<RoutingContext>> operations = operationsById(apis(vertx, config, storage, needs));
    return ApiRouter.create(vertx, authentication, config.bodyLimitBytes(), operations).map(api -> {
      Router root = Router.router(vertx);
      root.route().handler(needs.metrics()::timeRequest);
      root.route().handler(HubHttp::securityHeaders);
      needs.health().mount(root);
      new StaffWebApp(authentication, storage.conversations()).mount(root);
      return new HubHttp(vertx, config, root, api);
    });
  }

  private static List<ApiOperations> apis(Vertx vertx, HubConfig config, HubStorage storage, Needs needs) {
    ReplyService replies = new ReplyService(storage.conversations(), storage.customers(), storage.inbox(),
        storage.events(), needs.senders());
    AuditedAccess audit = new AuditedAccess(needs.audit());
    List<ApiOperations> apis = new ArrayList<>(List.of(
        new ContactsApi(needs.ingest(), needs.normalizer()),
        new ConversationsApi(new ConversationService(storage.conversations(), storage.customers(),
            new InboxQuery(storage.redis(), storage.conversations()), storage.inbox(), storage.events()), replies,
            new SentimentCorrections(storage.conversations(), storage.customers(), storage.inbox(), storage.events(),
                new TrainingExamples(storage.redis())), audit),
        new CustomersApi(storage.customers(), storage.conversations(), new CustomerMerger(storage.customers(),
            storage.conversations(), storage.events(), storage.duplicates()), needs.normalizer(), audit),
        new DuplicateCustomersApi(new DuplicateQuery(storage.redis(), storage.customers()), storage.duplicates(),
            storage.customers()),
        new StaffAdminApi(new StaffChanges(storage.redis(), storage.staff(), storage.sessions()), storage.staff()),
        new AuthApi(storage.staff(), storage.sessions(), needs.signIns(), config.secureCookies()),
        new AdminApi(storage.apiKeys(), storage.deadLetters(), storage.staff(), storage.channelHealth(),
            needs.channels()),
        new PresenceApi(storage.conversations(), storage.presence(), storage.events()),
        new EventsApi(vertx, needs.eventTail()),
        new WebhooksApi(storage.webhooks(), needs.webhookSender()),
        new AttachmentsApi(storage.attachments(), audit),
        new AuditApi(needs.audit()),
        new SentimentModelApi(vertx, needs.sentimentModels(), new TrainingExamples(storage.redis()),
            needs.sentimentModels().scorer(), Clock.systemUTC()),
        new SearchApi(needs.search()),
        new SearchIndexApi(needs.search()),
        needs.privacy().api(audit),
        new CustomerExportApi(vertx, new CustomerExport(storage.customers(), storage.conversations(),
            new PortalAccounts(vertx, storage.redis(), new PasswordHasher()), storage.attachments(),
            Clock.systemUTC(), CustomerExportApi.WAIT), audit)));
    apis.addAll(PortalApis.create(vertx, storage.redis(), storage.portalSecret(), needs.ingest(), storage.customers(),
        storage.conversations(), storage.attachments(), needs.normalizer(), needs.signIns(), needs.portalMails(), needs.search()));
    return apis;
  }

  /** Every operation of every API class; two classes claiming one operation is a start-up error. */
  static Map<String, Handler<RoutingContext>> operationsById(List<ApiOperations> apis) {
    Map<String, Handler<RoutingContext>> all = new HashMap<>();
    for (ApiOperations part : apis) {
      part.operations().forEach((operationId, handler) -> {
        if (all.putIfAbsent(operationId, handler) != null) {
          throw new IllegalStateException("operation " + operationId + " has two handlers");
        }
      });
    }
    return all;
  }

  /** Where connectors add their providers' webhooks; they come before the API's routes. */
  Router root() {
    return root;
  }

  /**
   * Mounts the API after every other route, then listens: one server here and
   * {@code httpInstances - 1} more on event loops of their own, on the same port, so requests are
   * spread over the cores (Vert.x hands each new connection to the next server in turn). They
   * share the router and the stores, which hold no per-thread state.
   */
  Future<HttpServer> listen() {
    root.route("/*").subRouter(api);
    root.route().last().handler(ctx -> ctx.fail(ApiProblem.notFound(ctx.request().path())));
    root.route().failureHandler(new ProblemHandler());
    // Vert.x shares a fixed port among servers asking for it, but port 0 would give each its own;
    // servers asking for the same negative number share one random port instead (one number per hub)
    int port = config.port() == 0 ? -RANDOM_PORT_GROUPS.incrementAndGet() : config.port();
    return serve(vertx, options(), root, port)
        .compose(first -> {
          server = first;
          List<Future<String>> more = new ArrayList<>();
          for (int i = 1; i < config.httpInstances(); i++) {
            more.add(vertx.deployVerticle(new SharedPortServer(options(), root, port)));
          }
          return Future.all(more).map(deployed -> {
            more.forEach(id -> moreServers.add(id.result()));
            return first;
          });
        });
  }

  private HttpServerOptions options() {
    return new HttpServerOptions()
        .setHost(config.host())
        .setMaxHeaderSize(16 * 1024)
        .setMaxFormAttributeSize(32 * 1024)
        .setMaxInitialLineLength(8 * 1024);
  }

  private static Future<HttpServer> serve(Vertx vertx, HttpServerOptions options, Router root, int port) {
    return vertx.createHttpServer(options).requestHandler(root).listen(port);
  }

  /** One more server on the port, on the event loop Vert.x gives this verticle; undeploying closes it. */
  private static final class SharedPortServer extends VerticleBase {
    private final HttpServerOptions options;
    private final Router root;
    private final int port;

    SharedPortServer(HttpServerOptions options, Router root, int port) {
      this.options = options;
      this.root = root;
      this.port = port;
    }

    @Override
    public Future<?> start() {
      return serve(vertx, options, root, port);
    }
  }

  int port() {
    return server.actualPort();
  }

  Future<Void> close() {
    List<Future<Void>> closed = new ArrayList<>();
    moreServers.forEach(id -> closed.add(vertx.undeploy(id)));
    if (server != null) {
      closed.add(server.close());
    }
    return Future.join(closed).mapEmpty();
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    ctx.next();
  }
}
