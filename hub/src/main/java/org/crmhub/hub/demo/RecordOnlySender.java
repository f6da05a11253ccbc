package org.crmhub.hub.demo;

import java.util.Set;
import org.crmhub.connector.Channel;
import org.crmhub.hub.reply.KeptReplyConnector;

/**
 * Demo mode's stand-in for every channel no real connector sends on: a reply is kept on the
 * conversation (marked as not sent anywhere) instead of failing, so an agent can try each reply
 * path of the demo data. It is asked last; a configured connector always wins.
 */
public final class RecordOnlySender extends KeptReplyConnector {

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
  public boolean recordsOnly() {
    return true;
  }
}
