package org.crmhub.connector;

import java.util.Locale;

/** Kinds of identifier that can name a customer. */
public enum IdentityType {
  /** An email address, case-folded. */
  EMAIL,
  /** A phone number in E.164. */
  PHONE,
  /** An X user id (never the handle: handles change). */
  X,
  /** A Meta page-scoped id (PSID / IGSID). */
  META,
  /** A self-service portal account id. */
  PORTAL;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException for an unknown name */
  public static IdentityType fromWireName(String name) {
    for (IdentityType type : values()) {
      if (type.wireName().equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown identity type: " + name);
  }
}
