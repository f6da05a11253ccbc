package org.crmhub.hub.customer;

import org.crmhub.connector.Identity;

/**
 * Key layout of customers. A customer's own keys share the hash tag {@code {c:ID}}; the identity
 * index is one global key per identity (single-key commands only).
 */
public final class CustomerKeys {

  private CustomerKeys() {}

  public static String owner(Identity identity) {
    return "crm:identity:" + identity.key();
  }

  public static String customer(String id) {
    return "crm:{c:" + id + "}";
  }

  /** identity key -> provenance JSON */
  public static String identities(String id) {
    return customer(id) + ":identities";
  }

  /** conversation ids scored by last activity */
  public static String conversations(String id) {
    return customer(id) + ":conversations";
  }

  /** sentiment points {@code messageId|compound|conversationId} scored by time */
  public static String sentiment(String id) {
    return customer(id) + ":sentiment";
  }

  /**
   * message id -> the conversation version of the last sentiment correction applied to its point,
   * so corrections of one message applied out of order end as the newest says
   */
  public static String sentimentCorrectionVersions(String id) {
    return customer(id) + ":sentiment-corrections";
  }

  /** the conversation new contacts on a channel without a thread key join */
  public static String openConversation(String id, String channel) {
    return customer(id) + ":open:" + channel;
  }

  /** merge ids, newest first */
  public static String merges(String id) {
    return customer(id) + ":merges";
  }

  /** identity key -> suggestion JSON: evidence too weak to link automatically */
  public static String suggestions(String id) {
    return customer(id) + ":suggestions";
  }

  public static String merge(String mergeId) {
    return "crm:merge:" + mergeId;
  }
}
