package org.crmhub.hub.auth;

import java.util.Set;

/**
 * Who is calling. For staff sessions {@code sessionId} and {@code csrfToken} are set, and
 * state-changing requests must echo the token; API keys carry no CSRF risk (no ambient cookie).
 *
 * @param actor how this caller is named in audit records ({@code staff:ann}, {@code api-key:ID})
 */
public record Principal(String actor, String username, Role role, Set<Scope> scopes, String sessionId,
    String csrfToken) {

  public boolean isSession() {
    return sessionId != null;
  }

  public static Principal apiKey(String keyId, Set<Scope> scopes) {
    return new Principal("api-key:" + keyId, null, null, Set.copyOf(scopes), null, null);
  }

  public static Principal staff(String username, Role role, String sessionId, String csrfToken) {
    return new Principal("staff:" + username, username, role, role.scopes(), sessionId, csrfToken);
  }
}
