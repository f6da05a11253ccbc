package org.crmhub.hub;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.crmhub.connector.ConnectorContext;
import org.crmhub.connector.Ingest;

/** What the hub hands each connector it starts. */
record HubConnectorContext(Vertx vertx, Ingest ingest, JsonObject config, Router router, String publicUrl)
    implements ConnectorContext {}
