package org.crmhub.hub.customer;

/**
 * @param created true when this contact created the customer
 * @param openConversation the customer's open conversation on the contact's channel when it was
 *     resolved, or null; a hint for threading, which settles the pointer by compare-and-set
 */
public record ResolvedCustomer(String id, String name, boolean created, String openConversation) {}
