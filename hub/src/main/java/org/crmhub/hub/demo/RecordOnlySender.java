package org.crmhub.hub.demo;

import io.vertx.core.Future;
import java.util.Set;
import org.crmhub.connector.Channel;
import org.crmhub.connector.Connector;
import org.crmhub.connector.ConnectorContext;
import org.crmhub.connector.OutboundReply;

/**
 * Demo mode's stand-in for every channel no real connector sends on: a reply is kept on the
 * conversation (marked as not sent anywhere) instead of failing, so an agent can try each reply
 * path of the demo data. It is asked last; a configured connector always wins.
 */
public final class RecordOnlySender implements Connector {

  /** Every channel a staff reply can go out on. */
  private static final Set<Channel> CHANNELS = Set.of(Channel.EMAIL, Channel.SMS, Channel.X, Channel.MESSENGER,
      Channel.INSTAGRAM, Channel.PORTAL, Channel.API);

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public Set<Channel> channels() {
    return CHANNELS;
  }

  @Override
  public Future<Void> start(ConnectorContext context) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    return Future.succeededFuture();
  }

  @Override
  public Future<String> send(OutboundReply reply) {
    // no provider id: nothing went out that a customer could answer by thread
    return Future.succeededFuture(null);
  }

  @Override
  public boolean recordsOnly() {
    return true;
  }
}
