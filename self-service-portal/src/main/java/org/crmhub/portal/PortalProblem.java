package org.crmhub.portal;

/** A failure the portal answers with a friendly error page of this status. */
final class PortalProblem extends RuntimeException {

  private final int status;
  private final String title;
  private final Long retryAfterSeconds;

  PortalProblem(int status, String title, String message, Long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.title = title;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static PortalProblem notFound() {
    return new PortalProblem(404, "Not found", "We could not find that page.", null);
  }

  static PortalProblem forbidden() {
    return new PortalProblem(403, "Please try again",
        "This form has expired or did not come from this site. Go back, reload the page and send it again.", null);
  }

  static PortalProblem tooManyAttempts(long retryAfterSeconds) {
    return new PortalProblem(429, "Too many attempts",
        "There were too many attempts. Please wait " + Math.max(1, (retryAfterSeconds + 59) / 60)
            + " minute(s) and try again.", retryAfterSeconds);
  }

  int status() {
    return status;
  }

  String title() {
    return title;
  }

  Long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
