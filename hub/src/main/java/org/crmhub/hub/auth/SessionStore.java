package org.crmhub.hub.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.crmhub.hub.Ids;
import org.crmhub.hub.redis.Redis;

/** Staff sessions in Redis, so any hub instance can serve any signed-in agent. */
public final class SessionStore {

  public static final Duration LIFETIME = Duration.ofHours(12);

  private final Redis redis;

  public SessionStore(Redis redis) {
    this.redis = redis;
  }

  private static String key(String sessionId) {
    return "crm:session:" + sessionId;
  }

  /** A fresh session id on every sign-in, so a planted id never becomes authenticated. */
  public Future<Principal> create(String username, Role role) {
    String sessionId = Ids.randomToken(32);
    String csrfToken = Ids.randomToken(24);
    JsonObject session = new JsonObject()
        .put("username", username)
        .put("role", role.wireName())
        .put("csrfToken", csrfToken)
        .put("createdAt", Instant.now().toString());
    String mine = StaffKeys.sessions(username);
    // the user's list of sessions, so disabling the user or a new password can end them all
    return redis.call(c -> c.setex(key(sessionId), LIFETIME.toSeconds(), session.encode()))
        .compose(v -> redis.call(c -> c.sadd(mine, sessionId)))
        .compose(v -> redis.call(c -> c.expire(mine, LIFETIME.toSeconds())))
        .map(v -> Principal.staff(username, role, sessionId, csrfToken));
  }

  /** @return the session's principal, or null when unknown or expired */
  public Future<Principal> find(String sessionId) {
    return redis.call(c -> c.get(key(sessionId))).map(json -> {
      if (json == null) {
        return null;
      }
      JsonObject session = new JsonObject(json);
      return Principal.staff(session.getString("username"), Role.fromWireName(session.getString("role")),
          sessionId, session.getString("csrfToken"));
    });
  }

  public Future<Void> delete(String sessionId) {
    return redis.call(c -> c.del(key(sessionId))).mapEmpty();
  }

  /** Ends every session of the user but {@code keep} (null: all of them). */
  public Future<Void> revokeAll(String username, String keep) {
    String mine = StaffKeys.sessions(username);
    return redis.call(c -> c.smembers(mine)).compose(ids -> {
      List<Future<Long>> ended = ids.stream()
          .filter(id -> !id.equals(keep))
          .map(id -> redis.call(c -> c.del(key(id))).compose(v -> redis.call(c -> c.srem(mine, id))))
          .toList();
      return Future.all(ended).mapEmpty();
    });
  }
}
