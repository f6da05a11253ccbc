package org.crmhub.hub;

/**
 * An operation that cannot happen: what it names does not exist (the API answers 404), or its
 * state forbids it (409). Domain code fails with it; the API turns it into a problem.
 */
public class Refusal extends RuntimeException {

  private final boolean notFound;

  public Refusal(String message, boolean notFound) {
    super(message, null, false, false);
    this.notFound = notFound;
  }

  public boolean notFound() {
    return notFound;
  }
}
