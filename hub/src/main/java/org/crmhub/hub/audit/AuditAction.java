package org.crmhub.hub.audit;

import java.util.Arrays;

/** What a staff user or API key did to personal data, as the audit trail and its API name it. */
public enum AuditAction {
  CUSTOMER_VIEWED("customer.viewed"),
  /** A customer found by one of their identities: the entry names the customer found, never the identity. */
  CUSTOMER_LOOKED_UP("customer.looked_up"),
  CONVERSATION_VIEWED("conversation.viewed"),
  CUSTOMER_EXPORTED("customer.exported"),
  CUSTOMER_ERASED("customer.erased"),
  CUSTOMER_MERGED("customer.merged"),
  CUSTOMER_SPLIT("customer.split"),
  ATTACHMENT_DOWNLOADED("attachment.downloaded");

  private final String wireName;

  AuditAction(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static AuditAction fromWireName(String name) {
    return Arrays.stream(values()).filter(action -> action.wireName.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no audit action " + name));
  }
}
