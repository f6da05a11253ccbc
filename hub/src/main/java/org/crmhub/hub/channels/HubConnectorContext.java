package org.crmhub.hub.channels;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.crmhub.connector.AttachmentStore;
import org.crmhub.connector.ChannelHealth;
import org.crmhub.connector.ConnectorContext;
import org.crmhub.connector.ConnectorState;
import org.crmhub.connector.DeliveryReports;
import org.crmhub.connector.IdentityNormalizer;
import org.crmhub.connector.Ingest;
import org.crmhub.connector.Leases;

/** What the hub hands each connector it starts. */
record HubConnectorContext(
    Vertx vertx,
    Ingest ingest,
    JsonObject config,
    Router router,
    String publicUrl,
    ConnectorState state,
    Leases leases,
    ChannelHealth health,
    DeliveryReports deliveries,
    AttachmentStore attachments,
    IdentityNormalizer identities) implements ConnectorContext {}
