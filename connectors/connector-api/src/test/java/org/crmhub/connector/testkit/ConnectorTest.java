package org.crmhub.connector.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.crmhub.connector.Connector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test of one connector without a hub: before each test the connector is started on a fresh
 * {@link TestConnectorContext}; after it, the connector, its fake provider and the context stop.
 */
@ExtendWith(VertxExtension.class)
public abstract class ConnectorTest {

  protected Vertx vertx;
  protected TestConnectorContext context;
  protected Connector connector;

  /** A connector that has not been started. */
  protected abstract Connector newConnector();

  /** The connector's settings section; may start the fake provider it points at. */
  protected abstract Future<JsonObject> settings(Vertx vertx);

  protected Future<Void> stopProvider() {
    return Future.succeededFuture();
  }

  @BeforeEach
  void startConnector(Vertx vertx, VertxTestContext test) {
    this.vertx = vertx;
    this.connector = newConnector();
    settings(vertx)
        .compose(settings -> TestConnectorContext.startWith(vertx, settings, connector))
        .onComplete(test.succeeding(started -> {
          context = started;
          test.completeNow();
        }));
  }

  @AfterEach
  void stopConnector(VertxTestContext test) {
    connector.stop()
        .eventually(this::stopProvider)
        .eventually(() -> context == null ? Future.succeededFuture() : context.close())
        .onComplete(test.succeedingThenComplete());
  }
}
