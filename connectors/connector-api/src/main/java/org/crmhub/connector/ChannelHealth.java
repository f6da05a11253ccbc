package org.crmhub.connector;

/**
 * Where a connector reports how its sources are doing (a mailbox, an X account), for the admin
 * pages: the last successful poll or delivery, and the last error. Secrets never go in here.
 */
public interface ChannelHealth {

  void succeeded(String source);

  void failed(String source, String error);
}
