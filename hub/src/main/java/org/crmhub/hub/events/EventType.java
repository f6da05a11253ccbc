package org.crmhub.hub.events;

/**
 * Every kind of domain event. Those a webhook can subscribe to are exactly the contract's
 * {@code EventType} enum and its {@code webhooks:} entries; the rest only reach staff views over
 * SSE, as the contract's {@code streamEvents} describes.
 */
public enum EventType {
  CONTACT_RECEIVED("contact.received", true),
  CONVERSATION_CREATED("conversation.created", true),
  CONVERSATION_UPDATED("conversation.updated", true),
  MESSAGE_CREATED("message.created", true),
  MESSAGE_SENT("message.sent", true),
  MESSAGE_FAILED("message.failed", true),
  /** a person corrected a customer message's sentiment, or undid their correction */
  MESSAGE_SENTIMENT_CORRECTED("message.sentiment_corrected", true),
  CUSTOMER_CREATED("customer.created", true),
  CUSTOMER_MERGED("customer.merged", true),
  CUSTOMER_SPLIT("customer.split", true),
  /** a customer's data was erased (carries only ids: the erasure and the customer that is gone) */
  CUSTOMER_ERASED("customer.erased", true),
  SENTIMENT_ALERT("sentiment.alert", true),
  CALL_STARTED("call.started", true),
  CALL_ENDED("call.ended", true),
  /** an internal note added to a conversation */
  NOTE_CREATED("note.created", false),
  /** an erased conversation is gone: views and every hub's search index drop it */
  CONVERSATION_ERASED("conversation.erased", false),
  /** who is viewing a conversation now */
  PRESENCE("presence", false),
  /** a call arriving, with the caller's record, for the agents' screens */
  SCREEN_POP("screen-pop", false);

  private final String wireName;
  private final boolean subscribable;

  EventType(String wireName, boolean subscribable) {
    this.wireName = wireName;
    this.subscribable = subscribable;
  }

  /** The name in the stream, on the SSE {@code event:} line and in webhook payloads. */
  public String wireName() {
    return wireName;
  }

  /** Whether webhooks can subscribe to it; staff-only events are never sent out of the hub. */
  public boolean subscribable() {
    return subscribable;
  }
}
