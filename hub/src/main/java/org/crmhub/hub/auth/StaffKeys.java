package org.crmhub.hub.auth;

/**
 * Key layout of staff users. All share the hash tag {@code {staff}}, so a script can check every
 * user at once (no change may leave the hub without an enabled admin) in Redis Cluster too.
 */
public final class StaffKeys {

  public static final String USER_PREFIX = "crm:{staff}:user:";

  private StaffKeys() {}

  /** every username */
  public static String users() {
    return "crm:{staff}:users";
  }

  /** username, name, role, disabled, passwordHash, createdAt */
  public static String user(String username) {
    return USER_PREFIX + username;
  }

  /** the ids of the user's sessions (some may have expired) */
  public static String sessions(String username) {
    return "crm:{staff}:sessions:" + username;
  }

  /** Before the hash tag: {@code crm:staff-users} and {@code crm:staff:NAME}, moved by {@link LegacyStaffKeys}. */
  static final String LEGACY_USERS = "crm:staff-users";

  static String legacyUser(String username) {
    return "crm:staff:" + username;
  }
}
