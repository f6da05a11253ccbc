package org.crmhub.connector;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** What the hub gives a connector when it starts it. */
public interface ConnectorContext {

  Vertx vertx();

  Ingest ingest();

  /** The connector's own settings. */
  JsonObject config();
}
