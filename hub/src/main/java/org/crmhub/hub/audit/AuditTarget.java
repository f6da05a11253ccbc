package org.crmhub.hub.audit;

/** The kind of thing an audit entry's {@code targetId} names. */
public enum AuditTarget {
  CUSTOMER("customer"),
  CONVERSATION("conversation"),
  ATTACHMENT("attachment"),
  MERGE("merge");

  private final String wireName;

  AuditTarget(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
