package org.crmhub.hub.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a caller may do. Operations name their scope with {@code x-crmhub-scope} in the contract. */
public enum Scope {
  INGEST, READ, WRITE, WEBHOOKS, ADMIN,
  /** The self-service portal's own key: customer accounts and what a signed-in customer sees. */
  PORTAL;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException for an unknown name */
  public static Scope fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  public static Set<Scope> all() {
    return EnumSet.allOf(Scope.class);
  }
}
