package org.crmhub.hub.failure;

/**
 * Contacts are arriving faster than the hub files them and the backlog is at its limit: nothing
 * was stored, the sender should try again later (the API answers 503 with Retry-After).
 */
public class Backlogged extends RuntimeException {

  public Backlogged(String detail) {
    super(detail, null, false, false);
  }
}
