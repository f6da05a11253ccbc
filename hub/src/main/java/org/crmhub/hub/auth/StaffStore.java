package org.crmhub.hub.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crmhub.hub.redis.Redis;

/** Staff accounts: username, role and Argon2id password hash. */
public final class StaffStore {

  private final Vertx vertx;
  private final Redis redis;
  private final PasswordHasher hasher;

  public StaffStore(Vertx vertx, Redis redis, PasswordHasher hasher) {
    this.vertx = vertx;
    this.redis = redis;
    this.hasher = hasher;
  }

  private static final String USERNAMES = "crm:staff-users";

  private static String key(String username) {
    return "crm:staff:" + username;
  }

  /** @return false when the user existed already (nothing changed) */
  public Future<Boolean> createIfAbsent(String username, String password, Role role) {
    String key = key(username);
    return redis.call(c -> c.exists(key)).compose(count -> {
      if (count > 0) {
        return Future.succeededFuture(false);
      }
      return vertx.executeBlocking(() -> hasher.hash(password))
          .compose(hash -> redis.call(c -> c.hset(key, Map.of(
              "username", username,
              "role", role.wireName(),
              "passwordHash", hash,
              "createdAt", Instant.now().toString()))))
          .compose(v -> redis.call(c -> c.sadd(USERNAMES, username)))
          .map(v -> true);
    });
  }

  /** Every staff user without the password hash, by username. */
  public Future<List<JsonObject>> list() {
    return redis.call(c -> c.smembers(USERNAMES)).compose(names -> {
      List<Future<Map<String, String>>> users = names.stream().sorted()
          .map(name -> redis.call(c -> c.hgetall(key(name)))).toList();
      return Future.all(users).map(loaded -> {
        List<JsonObject> list = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
          Map<String, String> user = loaded.resultAt(i);
          if (!user.isEmpty()) {
            list.add(publicView(user));
          }
        }
        return list;
      });
    });
  }

  public Future<JsonObject> get(String username) {
    return redis.call(c -> c.hgetall(key(username))).map(user -> user.isEmpty() ? null : publicView(user));
  }

  private static JsonObject publicView(Map<String, String> user) {
    return new JsonObject()
        .put("username", user.get("username"))
        .put("role", user.get("role"))
        .put("createdAt", user.get("createdAt"));
  }

  /** @return the user's role when the password is right, else null (same work either way) */
  public Future<Role> verify(String username, String password) {
    return redis.call(c -> c.hgetall(key(username))).compose(user -> {
      // hash even for unknown users so timing does not reveal which usernames exist
      String stored = user.getOrDefault("passwordHash", DUMMY_HASH);
      return vertx.executeBlocking(() -> hasher.verify(password, stored))
          .map(ok -> ok && !user.isEmpty() ? Role.fromWireName(user.get("role")) : null);
    });
  }

  private static final String DUMMY_HASH =
      "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
}
