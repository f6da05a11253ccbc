package org.crmhub.hub.channels;

/** Key layout of the connectors' own state: offsets, leases, health. */
final class ChannelKeys {

  private ChannelKeys() {}

  static String state(String connectorName) {
    return "crm:connector:" + connectorName + ":state";
  }

  static String lease(String name) {
    return "crm:lease:" + name;
  }

  /** source name -> JSON with the last success and the last error */
  static String health() {
    return "crm:channels:health";
  }
}
