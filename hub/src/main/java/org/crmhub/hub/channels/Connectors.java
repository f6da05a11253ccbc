package org.crmhub.hub.channels;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.function.Function;
import org.crmhub.connector.AttachmentStore;
import org.crmhub.connector.Channel;
import org.crmhub.connector.Connector;
import org.crmhub.connector.DeliveryReports;
import org.crmhub.connector.IdentityNormalizer;
import org.crmhub.connector.Ingest;
import org.crmhub.connector.Leases;
import org.crmhub.hub.redis.Redis;

/**
 * The connectors this hub runs, each with the section of the channels settings it reads. Starts
 * them one after another (a connector left unconfigured starts as a no-op) and stops them in
 * reverse order.
 */
public final class Connectors {

  /** A connector and the name of its settings section. */
  public record Installed(Connector connector, String section) {}

  private final List<Installed> installed;

  public Connectors(List<Installed> installed) {
    this.installed = List.copyOf(installed);
  }

  /** Every connector with its section, in the order they start. */
  public List<Installed> installed() {
    return installed;
  }

  /** Every connector, for sending replies on their channels. */
  public List<Connector> all() {
    return installed.stream().map(Installed::connector).toList();
  }

  /**
   * What the admin Channels page lists, before any poll: each sender, whether its settings section
   * is filled in (or it needs none), the channels it answers on, and whether it only records.
   */
  public List<JsonObject> describe(Function<String, JsonObject> settings, List<Connector> senders) {
    return senders.stream().map(connector -> {
      String section = installed.stream().filter(each -> each.connector() == connector)
          .map(Installed::section).findFirst().orElse(null);
      List<String> sendsOn = connector.channels().stream().map(Channel::wireName).sorted().toList();
      boolean configured = !sendsOn.isEmpty() || (section != null && !settings.apply(section).isEmpty());
      return new JsonObject()
          .put("connector", connector.name())
          .put("configured", configured)
          .put("sendsOn", new JsonArray(sendsOn))
          .put("recordsOnly", connector.recordsOnly());
    }).toList();
  }

  /** What every connector shares: the hub's parts a context is built from. */
  public record Shared(Vertx vertx, Ingest ingest, Router router, String publicUrl, Redis redis, Leases leases,
      ChannelHealthStore health, DeliveryReports deliveries, AttachmentStore attachments,
      IdentityNormalizer identities) {}

  public Future<Void> start(Shared shared, Function<String, JsonObject> settings) {
    Future<Void> chain = Future.succeededFuture();
    for (Installed each : installed) {
      Connector connector = each.connector();
      HubConnectorContext context = new HubConnectorContext(shared.vertx(), shared.ingest(),
          settings.apply(each.section()), shared.router(), shared.publicUrl(),
          new RedisConnectorState(shared.redis(), connector.name()), shared.leases(),
          shared.health().reporter(connector.name()), shared.deliveries(), shared.attachments(),
          shared.identities());
      chain = chain.compose(v -> connector.start(context));
    }
    return chain;
  }

  public Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    for (int i = installed.size() - 1; i >= 0; i--) {
      Connector connector = installed.get(i).connector();
      chain = chain.eventually(connector::stop);
    }
    return chain;
  }
}
