package org.crmhub.connector;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** What the hub gives a connector when it starts it. */
public interface ConnectorContext {

  Vertx vertx();

  Ingest ingest();

  /** The connector's own settings (its section of the channels file, overlaid by environment). */
  JsonObject config();

  /**
   * The hub's HTTP router, for connectors that receive provider webhooks. Routes go under
   * {@code /webhooks/<provider>/}; each checks the provider's signature before anything else.
   */
  Router router();

  /** The URL the outside world uses for this hub (providers sign requests to it). */
  String publicUrl();

  /** Durable offsets, private to this connector. */
  ConnectorState state();

  /** Leases for work that must run on one hub at a time. */
  Leases leases();

  ChannelHealth health();

  DeliveryReports deliveries();

  /** Where attachment content is kept for download. */
  AttachmentStore attachments();

  /** The hub's reading of emails and phone numbers (its default region for numbers without a country code). */
  IdentityNormalizer identities();
}
