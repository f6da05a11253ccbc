package org.crmhub.hub.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    return redis.call(c -> c.smembers(StaffKeys.users()))
        .compose(names -> Future.all(names.stream().sorted().map(this::find).toList()))
        .map(loaded -> loaded.<StaffUser>list().stream().filter(Objects::nonNull).map(StaffUser::toJson).toList());
  }

  public Future<JsonObject> get(String username) {
    return find(username).map(user -> user == null ? null : user.toJson());
  }

  /** The stored account, or null. */
  public Future<StaffUser> find(String username) {
    return redis.call(c -> c.hgetall(StaffKeys.user(username))).map(StaffUser::ofStored);
  }

  /** @return the user's role when the password is right and the user is enabled, else null (same work either way) */
  public Future<Role> verify(String username, String password) {
    return find(username).compose(user -> {
      // hash even for unknown users so timing does not reveal which usernames exist
      String stored = user == null ? DUMMY_HASH : user.passwordHash();
      return vertx.executeBlocking(() -> hasher.verify(password, stored))
          .map(ok -> ok && user != null && !user.disabled() ? user.role() : null);
    });
  }

  private static final String DUMMY_HASH =
      "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
}
