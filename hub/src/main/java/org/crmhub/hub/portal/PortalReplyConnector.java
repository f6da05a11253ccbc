package org.crmhub.hub.portal;

import java.util.Set;
import org.crmhub.connector.Channel;
import org.crmhub.hub.reply.KeptReplyConnector;

/**
 * Staff replies on channel {@code portal}: nothing goes out, the reply kept on the conversation
 * is what the customer reads when they next open the portal.
 */
public final class PortalReplyConnector extends KeptReplyConnector {

  @Override
  public String name() {
    return "portal";
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.PORTAL);
  }
}
