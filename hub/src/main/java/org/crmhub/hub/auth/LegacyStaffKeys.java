package org.crmhub.hub.auth;

import io.vertx.core.Future;
import java.util.List;
import org.crmhub.hub.redis.OneTimeMigration;
import org.crmhub.hub.redis.Redis;

/**
 * Moves staff users stored before {@link StaffKeys} had a hash tag to their tagged keys, once, at
 * start. The legacy key is deleted only after its copy is written, so a start that stops midway
 * moves the rest next time; a tagged user that exists already is never overwritten. A marker key
 * records that the move is done, so later starts read nothing else.
 */
public final class LegacyStaffKeys {

  static final String MOVED = "crm:{staff}:layout-tagged";

  private final Redis redis;

  public LegacyStaffKeys(Redis redis) {
    this.redis = redis;
  }

  public Future<Void> migrate() {
    return new OneTimeMigration(redis, MOVED).runOnce(() -> redis.call(c -> c.smembers(StaffKeys.LEGACY_USERS))
        .compose(names -> {
          Future<Void> chain = Future.succeededFuture();
          for (String name : List.copyOf(names)) {
            chain = chain.compose(v -> move(name));
          }
          return chain;
        }));
  }

  private Future<Void> move(String username) {
    return redis.call(c -> c.hgetall(StaffKeys.legacyUser(username)))
        .compose(user -> user.isEmpty()
            ? Future.succeededFuture()
            : redis.call(c -> c.exists(StaffKeys.user(username)))
                .compose(exists -> exists > 0 ? Future.succeededFuture() : redis.call(c -> c.hset(StaffKeys.user(username), user))))
        .compose(v -> redis.call(c -> c.sadd(StaffKeys.users(), username)))
        .compose(v -> redis.call(c -> c.del(StaffKeys.legacyUser(username))))
        .compose(v -> redis.call(c -> c.srem(StaffKeys.LEGACY_USERS, username)))
        .mapEmpty();
  }
}
