package org.crmhub.connector;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** A channel family: pulls or receives contacts, and sends replies out on its channels. */
public interface Connector {

  /** Stable name, used in configuration and health reports. */
  String name();

  /** The channels whose replies this connector sends. */
  Set<Channel> channels();

  /**
   * Its settings section (from the channels file; empty when the file has none) with the
   * environment variables this connector reads laid over it: a value set in the environment wins.
   * Each connector names its own variables; a value it cannot use fails with the variable's name.
   */
  default JsonObject withEnvironment(JsonObject section, Environment environment) {
    return section;
  }

  Future<Void> start(ConnectorContext context);

  Future<Void> stop();

  /**
   * The sources this connector reads under a lease once started (a mailbox, an X account), named
   * as in its leases and health reports ({@code email:support@example.com}); readiness says for
   * each whether it is being read and by which hub.
   */
  default List<String> leasedSources() {
    return List.of();
  }

  /**
   * Sends a reply. The future holds the id the channel gave the sent message, or fails with a
   * message fit for staff when the channel refuses it.
   */
  Future<String> send(OutboundReply reply);

  /**
   * True for a stand-in that only records replies (demo mode): what it "sends" reaches nobody,
   * and the hub marks such replies so staff never take them for delivered.
   */
  default boolean recordsOnly() {
    return false;
  }
}
