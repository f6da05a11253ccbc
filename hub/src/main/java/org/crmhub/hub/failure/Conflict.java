package org.crmhub.hub.failure;

/** The request cannot be done in the current state of what it touches; the API answers 409. */
public class Conflict extends RuntimeException {

  public Conflict(String detail) {
    super(detail, null, false, false);
  }
}
