package org.crmhub.hub.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crmhub.hub.redis.Redis;

/** Staff accounts: username, name, role, whether disabled, and Argon2id password hash. */
public final class StaffStore {

  private final Vertx vertx;
  private final Redis redis;
  private final PasswordHasher hasher;

  public StaffStore(Vertx vertx, Redis redis, PasswordHasher hasher) {
    this.vertx = vertx;
    this.redis = redis;
    this.hasher = hasher;
  }

  /** @return false when the user existed already (nothing changed) */
  public Future<Boolean> createIfAbsent(String username, String password, Role role) {
    return createIfAbsent(username, password, role, null);
  }

  /** @param name the name people see; null for none */
  public Future<Boolean> createIfAbsent(String username, String password, Role role, String name) {
    String key = StaffKeys.user(username);
    return redis.call(c -> c.exists(key)).compose(count -> {
      if (count > 0) {
        return Future.succeededFuture(false);
      }
      return hash(password)
          .compose(hash -> {
            Map<String, String> user = new HashMap<>(Map.of(
                "username", username,
                "role", role.wireName(),
                "passwordHash", hash,
                "createdAt", Instant.now().toString()));
            if (name != null) {
              user.put("name", name);
            }
            return redis.call(c -> c.hset(key, user));
          })
          .compose(v -> redis.call(c -> c.sadd(StaffKeys.users(), username)))
          .map(v -> true);
    });
  }

  /** Argon2id off the event loop. */
  public Future<String> hash(String password) {
    return vertx.executeBlocking(() -> hasher.hash(password));
  }

  /** Every staff user without the password hash, by username. */
  public Future<List<JsonObject>> list() {
    return redis.call(c -> c.smembers(StaffKeys.users())).compose(names -> {
      List<Future<Map<String, String>>> users = names.stream().sorted()
          .map(name -> redis.call(c -> c.hgetall(StaffKeys.user(name)))).toList();
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
    return redis.call(c -> c.hgetall(StaffKeys.user(username))).map(user -> user.isEmpty() ? null : publicView(user));
  }

  private static JsonObject publicView(Map<String, String> user) {
    JsonObject view = new JsonObject()
        .put("username", user.get("username"))
        .put("role", user.get("role"))
        .put("disabled", "true".equals(user.get("disabled")))
        .put("createdAt", user.get("createdAt"));
    if (user.get("name") != null) {
      view.put("name", user.get("name"));
    }
    return view;
  }

  /** @return the user's role when the password is right and the user is enabled, else null (same work either way) */
  public Future<Role> verify(String username, String password) {
    return redis.call(c -> c.hgetall(StaffKeys.user(username))).compose(user -> {
      // hash even for unknown users so timing does not reveal which usernames exist
      String stored = user.getOrDefault("passwordHash", DUMMY_HASH);
      return vertx.executeBlocking(() -> hasher.verify(password, stored))
          .map(ok -> ok && !user.isEmpty() && !"true".equals(user.get("disabled"))
              ? Role.fromWireName(user.get("role"))
              : null);
    });
  }

  private static final String DUMMY_HASH =
      "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
}
