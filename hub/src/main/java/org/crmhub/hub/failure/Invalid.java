package org.crmhub.hub.failure;

/** A value the contract allows but the hub cannot use; the API answers 400 naming the value. */
public class Invalid extends RuntimeException {

  private final String pointer;

  /** @param pointer where the value was: a JSON pointer into the body, or a parameter's name */
  public Invalid(String pointer, String detail) {
    super(detail, null, false, false);
    this.pointer = pointer;
  }

  public String pointer() {
    return pointer;
  }
}
