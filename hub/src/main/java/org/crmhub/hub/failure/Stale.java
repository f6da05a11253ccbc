package org.crmhub.hub.failure;

/** A change was made against a version that is no longer the current one; the API answers 412. */
public class Stale extends RuntimeException {

  public Stale(String detail) {
    super(detail, null, false, false);
  }
}
