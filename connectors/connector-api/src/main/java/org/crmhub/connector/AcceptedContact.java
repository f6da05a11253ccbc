package org.crmhub.connector;

/**
 * The hub's receipt for an inbound contact: it is durably stored once this exists.
 *
 * @param duplicate true when the same (channel, externalId) had been accepted before; the id is
 *     then the one given the first time
 */
public record AcceptedContact(String contactId, boolean duplicate) {}
