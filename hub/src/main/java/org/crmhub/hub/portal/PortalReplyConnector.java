package org.crmhub.hub.portal;

import io.vertx.core.Future;
import java.util.Set;
import org.crmhub.connector.Channel;
import org.crmhub.connector.Connector;
import org.crmhub.connector.ConnectorContext;
import org.crmhub.connector.OutboundReply;

/**
 * Staff replies on channel {@code portal}: nothing goes out, the reply kept on the conversation
 * is what the customer reads when they next open the portal.
 */
public final class PortalReplyConnector implements Connector {

  @Override
  public String name() {
    return "portal";
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.PORTAL);
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
    // no provider id: there is no outside message the customer could answer by thread
    return Future.succeededFuture(null);
  }
}
