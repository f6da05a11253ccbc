package org.crmhub.hub.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Staff roles and the scopes each grants. */
public enum Role {
  // the portal scope acts for customers, so it belongs to the portal's key, not to staff
  ADMIN(EnumSet.complementOf(EnumSet.of(Scope.PORTAL))),
  AGENT(EnumSet.of(Scope.READ, Scope.WRITE));

  private final Set<Scope> scopes;

  Role(Set<Scope> scopes) {
    this.scopes = scopes;
  }

  public Set<Scope> scopes() {
    return scopes;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
