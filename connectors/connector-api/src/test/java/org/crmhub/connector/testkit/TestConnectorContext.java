package org.crmhub.connector.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.crmhub.connector.Connector;
import org.crmhub.connector.ConnectorContext;
import org.crmhub.connector.IdentityNormalizer;

/**
 * What the hub hands a connector, in memory: the router is served on a loopback port of its own
 * (so webhook connectors can be called like the hub would be), and the public URL points there.
 */
public final class TestConnectorContext implements ConnectorContext {

  private final Vertx vertx;
  private final JsonObject config;
  private final Router router;
  private final HttpServer server;
  private final MemoryIngest ingest = new MemoryIngest();
  private final MemoryConnectorState state = new MemoryConnectorState();
  private final MemoryLeases leases = new MemoryLeases();
  private final RecordingChannelHealth health = new RecordingChannelHealth();
  private final RecordingDeliveryReports deliveries = new RecordingDeliveryReports();
  private final MemoryAttachmentStore attachments = new MemoryAttachmentStore();
  private final IdentityNormalizer identities = new IdentityNormalizer("US");

  private TestConnectorContext(Vertx vertx, JsonObject config, Router router, HttpServer server) {
    this.vertx = vertx;
    this.config = config;
    this.router = router;
    this.server = server;
  }

  /** Serves a fresh router on a free loopback port; {@code config} is the connector's settings section. */
  public static Future<TestConnectorContext> start(Vertx vertx, JsonObject config) {
    Router router = Router.router(vertx);
    // the hub's HTTP server limits (hub: HubHttp); a form attribute over its limit is a 413 from the
    // hub's problem handler, but a plain 400 here
    HttpServerOptions options = new HttpServerOptions()
        .setMaxHeaderSize(16 * 1024)
        .setMaxFormAttributeSize(32 * 1024)
        .setMaxInitialLineLength(8 * 1024);
    return vertx.createHttpServer(options).requestHandler(router).listen(0, "127.0.0.1")
        .map(server -> new TestConnectorContext(vertx, config.copy(), router, server));
  }

  /** A fresh context with {@code connector} started on it; stop the connector, then {@link #close()} it. */
  public static Future<TestConnectorContext> startWith(Vertx vertx, JsonObject config, Connector connector) {
    return start(vertx, config).compose(context -> connector.start(context).map(context));
  }

  public Future<Void> close() {
    return server.close();
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public MemoryIngest ingest() {
    return ingest;
  }

  @Override
  public JsonObject config() {
    return config;
  }

  @Override
  public Router router() {
    return router;
  }

  @Override
  public String publicUrl() {
    return "http://127.0.0.1:" + port();
  }

  @Override
  public MemoryConnectorState state() {
    return state;
  }

  @Override
  public MemoryLeases leases() {
    return leases;
  }

  @Override
  public RecordingChannelHealth health() {
    return health;
  }

  @Override
  public RecordingDeliveryReports deliveries() {
    return deliveries;
  }

  @Override
  public MemoryAttachmentStore attachments() {
    return attachments;
  }

  @Override
  public IdentityNormalizer identities() {
    return identities;
  }
}
