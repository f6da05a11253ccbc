package org.crmhub.hub.staff;

import io.vertx.core.Future;
import org.crmhub.hub.auth.Role;
import org.crmhub.hub.auth.SessionStore;
import org.crmhub.hub.auth.StaffKeys;
import org.crmhub.hub.auth.StaffStore;
import org.crmhub.hub.failure.Conflict;
import org.crmhub.hub.failure.NotFound;
import org.crmhub.hub.redis.LuaScript;
import org.crmhub.hub.redis.Redis;

/**
 * What an admin changes about a staff user: name, role, disabled, password. A change that would
 * leave no enabled admin is refused inside one script over every staff user, so two requests
 * demoting or disabling the last two admins at once cannot both pass. Losing access (disabled, a
 * new role, a new password) ends the user's sessions.
 */
public final class StaffChanges {

  private final Redis redis;
  private final StaffStore staff;
  private final SessionStore sessions;

  public StaffChanges(Redis redis, StaffStore staff, SessionStore sessions) {
    this.redis = redis;
    this.staff = staff;
    this.sessions = sessions;
  }

  /**
   * @param name null to keep
   * @param role null to keep
   * @param disabled null to keep
   */
  public Future<Void> update(String username, String name, Role role, Boolean disabled) {
    return UPDATE.<String>run(redis, new String[] {StaffKeys.users(), StaffKeys.user(username)},
            StaffKeys.USER_PREFIX, username,
            role == null ? "" : role.wireName(),
            disabled == null ? "" : disabled.toString(),
            name == null ? "" : name)
        .compose(outcome -> switch (outcome) {
          case "missing" -> Future.failedFuture(new NotFound("staff user " + username));
          case "last-admin" -> Future.failedFuture(new Conflict(
              "this would leave no enabled admin: make another user admin first"));
          case "access-changed" -> sessions.revokeAll(username, null);
          default -> Future.succeededFuture();
        });
  }

  /** @param keepSession the caller's own session, kept when admins set their own password; null for none */
  public Future<Void> setPassword(String username, String password, String keepSession) {
    return staff.find(username)
        .compose(user -> user == null
            ? Future.failedFuture(new NotFound("staff user " + username))
            : staff.hash(password))
        .compose(hash -> redis.call(c -> c.hset(StaffKeys.user(username), "passwordHash", hash)))
        .compose(v -> sessions.revokeAll(username, keepSession));
  }

  /**
   * KEYS: users, the user. ARGV: user key prefix, username, role, disabled, name ('' keeps each).
   * Every user key shares the {staff} hash tag with KEYS, so reading them here is safe in a cluster.
   */
  private static final LuaScript UPDATE = new LuaScript("""
      if redis.call('EXISTS', KEYS[2]) == 0 then return 'missing' end
      local current = redis.call('HMGET', KEYS[2], 'role', 'disabled')
      local role = ARGV[3] ~= '' and ARGV[3] or current[1]
      local disabled = ARGV[4] ~= '' and ARGV[4] or (current[2] or 'false')
      local wasAdmin = current[1] == 'admin' and current[2] ~= 'true'
      if wasAdmin and not (role == 'admin' and disabled ~= 'true') then
        local others = 0
        for _, name in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          if name ~= ARGV[2] then
            local other = redis.call('HMGET', ARGV[1] .. name, 'role', 'disabled')
            if other[1] == 'admin' and other[2] ~= 'true' then others = others + 1 end
          end
        end
        if others == 0 then return 'last-admin' end
      end
      redis.call('HSET', KEYS[2], 'role', role, 'disabled', disabled)
      if ARGV[5] ~= '' then redis.call('HSET', KEYS[2], 'name', ARGV[5]) end
      if role ~= current[1] or (disabled == 'true' and current[2] ~= 'true') then return 'access-changed' end
      return 'ok'
      """, LuaScript.Returns.VALUE);
}
