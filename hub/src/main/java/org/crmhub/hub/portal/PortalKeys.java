package org.crmhub.hub.portal;

/** Key layout of the portal's data in Redis, for the portal's stores and for erasing a customer's. */
public final class PortalKeys {

  /**
   * The self-service portal's browser sessions ({@code portal:session:<id>}, JSON naming the
   * account, its email and name); the portal module writes them, the hub only erases them.
   */
  public static final String SESSION_PATTERN = "portal:session:*";

  private PortalKeys() {}

  /** An account: email, name, password hash, verified. */
  public static String account(String id) {
    return "crm:portal:account:{" + id + "}";
  }

  /** email -> account id */
  public static String accountByEmail(String email) {
    return "crm:portal:account-email:" + email;
  }

  /** attachment id -> the conversation a customer attached it to */
  public static String attachmentOwner(String attachmentId) {
    return "crm:portal:attachment:" + attachmentId;
  }
}
