package org.crmhub.hub.reply;

import io.vertx.core.Future;
import org.crmhub.connector.Connector;
import org.crmhub.connector.ConnectorContext;
import org.crmhub.connector.OutboundReply;

/**
 * A sender with nothing to run and nothing to call: the reply the hub keeps on the conversation
 * is all there is (the portal shows it; demo mode's stand-in only records it).
 */
public abstract class KeptReplyConnector implements Connector {

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
}
