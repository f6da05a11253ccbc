package org.crmhub.hub.failure;

/** Something asked for does not exist; the API answers 404. */
public class NotFound extends RuntimeException {

  /** @param what names the missing thing, e.g. "conversation cv_1" */
  public NotFound(String what) {
    super(what + " does not exist", null, false, false);
  }

  private NotFound(String detail, boolean whole) {
    super(detail, null, false, false);
  }

  /** @param detail the whole reason, for a thing that exists but is not one of what was asked for */
  public static NotFound because(String detail) {
    return new NotFound(detail, true);
  }
}
