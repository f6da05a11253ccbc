package org.crmhub.portal;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * Browser sessions in Redis. Every visitor gets one (it carries the CSRF token of the forms they
 * see); signing in replaces it with a new id, so an id planted before sign-in is worth nothing.
 */
final class PortalSessions {

  static final Duration ANONYMOUS_LIFETIME = Duration.ofHours(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** @param accountId null until signed in */
  record Session(String id, String csrfToken, String accountId, String email, String name) {

    boolean signedIn() {
      return accountId != null;
    }

    /** Constant-time comparison with the token a form sent back. */
    boolean csrfMatches(String sent) {
      return sent != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.UTF_8),
          sent.getBytes(StandardCharsets.UTF_8));
    }

    JsonObject toJson() {
      return new JsonObject().put("csrf", csrfToken).put("accountId", accountId).put("email", email)
          .put("name", name);
    }
  }

  private final PortalRedis redis;
  private final Duration lifetime;

  PortalSessions(PortalRedis redis, Duration lifetime) {
    this.redis = redis;
    this.lifetime = lifetime;
  }

  private static String key(String id) {
    return "portal:session:" + id;
  }

  static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** @return the session, or null when unknown or expired */
  Future<Session> find(String id) {
    if (id == null || id.length() > 100) {
      return Future.succeededFuture();
    }
    return redis.call(c -> c.get(key(id))).map(json -> {
      if (json == null) {
        return null;
      }
      JsonObject stored = new JsonObject(json);
      return new Session(id, stored.getString("csrf"), stored.getString("accountId"), stored.getString("email"),
          stored.getString("name"));
    });
  }

  Future<Session> createAnonymous() {
    return save(new Session(randomToken(), randomToken(), null, null, null), ANONYMOUS_LIFETIME);
  }

  /** A new session (new id, new CSRF token) for the account; the old one is gone. */
  Future<Session> signIn(Session previous, String accountId, String email, String name) {
    Future<Void> ended = previous == null ? Future.succeededFuture() : delete(previous.id());
    return ended.compose(v -> save(new Session(randomToken(), randomToken(), accountId, email, name), lifetime));
  }

  Future<Void> delete(String id) {
    return redis.call(c -> c.del(key(id))).mapEmpty();
  }

  private Future<Session> save(Session session, Duration ttl) {
    return redis.call(c -> c.setex(key(session.id()), ttl.toSeconds(), session.toJson().encode()))
        .map(v -> session);
  }
}
