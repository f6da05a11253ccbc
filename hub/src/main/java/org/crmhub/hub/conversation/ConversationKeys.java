package org.crmhub.hub.conversation;

/**
 * Key layout of conversations. A conversation's own keys share the hash tag {@code {v:ID}} so a
 * message and the conversation's counters change in one script.
 */
public final class ConversationKeys {

  private ConversationKeys() {}

  public static String conversation(String id) {
    return "crm:{v:" + id + "}";
  }

  /** message id -> message JSON */
  public static String messages(String id) {
    return conversation(id) + ":messages";
  }

  /** message ids scored by time received */
  public static String timeline(String id) {
    return conversation(id) + ":timeline";
  }

  /**
   * message id -> a person's correction of that message's sentiment (JSON: label, compound,
   * correctedBy, correctedAt); the message itself keeps the analyser's score
   */
  public static String sentimentCorrections(String id) {
    return conversation(id) + ":sentiment-corrections";
  }

  /**
   * {@code channel:threadKey} of every thread key claimed for the conversation (or tried: a claim
   * another conversation won is listed too), so erasing the conversation finds them
   */
  public static String threadKeys(String id) {
    return conversation(id) + ":thread-keys";
  }

  /** counter numbering the conversation's events, for receivers that must order them */
  public static String eventSequence(String id) {
    return conversation(id) + ":event-sequence";
  }

  /** staff viewing the conversation, scored by when their presence expires */
  public static String presence(String id) {
    return conversation(id) + ":presence";
  }

  /** channel thread key (email thread root, X conversation_id, call sid) -> conversation id */
  public static String thread(String channel, String threadKey) {
    return "crm:thread:" + channel + ":" + threadKey;
  }

  /**
   * A customer's recent conversation about one topic (a normalised email subject), expiring after
   * the channel's window; the topic is hashed because subjects can be long.
   */
  public static String topic(String channel, String customerId, String topicHash) {
    return "crm:topic:" + channel + ":" + customerId + ":" + topicHash;
  }

  /** contact id -> the conversation it was filed in, so a redelivered contact lands in the same one */
  public static String contact(String contactId) {
    return "crm:contact:" + contactId;
  }
}
