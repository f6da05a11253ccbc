package org.crmhub.hub.portal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.crmhub.hub.Ids;
import org.crmhub.hub.JsonFields;
import org.crmhub.hub.auth.PasswordHasher;
import org.crmhub.hub.failure.Conflict;
import org.crmhub.hub.redis.Hashes;
import org.crmhub.hub.redis.Redis;

/** Customer portal accounts: email (case-folded), Argon2id password hash, verified flag. */
public final class PortalAccounts {

  /** @param name null when not given */
  public record Account(String id, String email, String name, String passwordHash, boolean verified) {

    static Account of(Map<String, String> fields) {
      return fields.isEmpty() || !fields.containsKey("email") ? null : new Account(fields.get("id"),
          fields.get("email"), fields.get("name"), fields.getOrDefault("passwordHash", ""),
          "1".equals(fields.get("verified")));
    }
  }

  /** A verified account already has this email. */
  public static final class AlreadyVerified extends Conflict {
    AlreadyVerified() {
      super("an account with this email exists already");
    }
  }

  // a well-formed hash of nothing anyone knows, checked for unknown emails so timing reveals nothing
  private static final String DUMMY_HASH =
      "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

  private final Vertx vertx;
  private final Redis redis;
  private final PasswordHasher hasher;

  public PortalAccounts(Vertx vertx, Redis redis, PasswordHasher hasher) {
    this.vertx = vertx;
    this.redis = redis;
    this.hasher = hasher;
  }

  private static String account(String id) {
    return PortalKeys.account(id);
  }

  private static String byEmail(String email) {
    return PortalKeys.accountByEmail(email);
  }

  /**
   * A new unverified account, or the existing unverified one with the new password (so whoever
   * can read the mailbox, not whoever signed up first, ends up owning the address).
   */
  public Future<Account> signUp(String email, String name, String password) {
    String newId = Ids.next("acc");
    return vertx.executeBlocking(() -> hasher.hash(password))
        .compose(hash -> redis.call(c -> c.setnx(byEmail(email), newId))
            .compose(created -> created ? Future.succeededFuture(newId) : redis.call(c -> c.get(byEmail(email))))
            .compose(id -> find(id).compose(existing -> {
              if (existing != null && existing.verified()) {
                return Future.failedFuture(new AlreadyVerified());
              }
              Map<String, String> fields = new java.util.HashMap<>(Map.of(
                  "id", id, "email", email, "passwordHash", hash, "verified", "0",
                  "createdAt", Instant.now().toString()));
              if (name != null && !name.isBlank()) {
                fields.put("name", name.strip());
              }
              return redis.call(c -> c.hset(account(id), fields))
                  .map(v -> new Account(id, email, fields.get("name"), hash, false));
            })));
  }

  /** @return the account, or null */
  public Future<Account> find(String id) {
    return redis.call(c -> c.hgetall(account(id))).map(Account::of);
  }

  /** @return the account, or null */
  public Future<Account> findByEmail(String email) {
    return redis.call(c -> c.get(byEmail(email)))
        .compose(id -> id == null ? Future.succeededFuture((Account) null) : find(id));
  }

  /**
   * The account as it may be shown outside the hub: id, email, name, whether and when it was
   * verified, when it was created. Only those fields are read, so the password hash (and anything
   * stored beside it later) cannot leak through it.
   *
   * @return null when there is no such account
   */
  public Future<JsonObject> withoutSecrets(String id) {
    return Hashes.values(redis, account(id), SHOWN_FIELDS).map(values -> {
      if (values.get(1) == null) {
        return null;
      }
      JsonObject shown = new JsonObject()
          .put("accountId", values.get(0))
          .put("email", values.get(1))
          .put("verified", "1".equals(values.get(3)));
      JsonFields.putIfPresent(shown, "name", values.get(2));
      JsonFields.putIfPresent(shown, "createdAt", values.get(4));
      JsonFields.putIfPresent(shown, "verifiedAt", values.get(5));
      return shown;
    });
  }

  /** {@link #withoutSecrets} of the account that has this email; null when none has. */
  public Future<JsonObject> withoutSecretsByEmail(String email) {
    return redis.call(c -> c.get(byEmail(email)))
        .compose(id -> id == null ? Future.succeededFuture(null) : withoutSecrets(id));
  }

  /** In the order {@link #withoutSecrets} reads them. */
  private static final List<String> SHOWN_FIELDS = List.of("id", "email", "name", "verified", "createdAt",
      "verifiedAt");

  /** @return the account when the password is right, else null (the same work either way) */
  public Future<Account> checkPassword(Account account, String password) {
    String stored = account == null ? DUMMY_HASH : account.passwordHash();
    return vertx.executeBlocking(() -> hasher.verify(password, stored))
        .map(ok -> ok && account != null ? account : null);
  }

  public Future<Account> markVerified(Account account) {
    return redis.call(c -> c.hset(account(account.id()), Map.of("verified", "1",
            "verifiedAt", Instant.now().toString())))
        .map(v -> new Account(account.id(), account.email(), account.name(), account.passwordHash(), true));
  }

  /** New password; the email counts as verified (the reset link reached it). */
  public Future<Account> changePassword(Account account, String password) {
    return vertx.executeBlocking(() -> hasher.hash(password))
        .compose(hash -> redis.call(c -> c.hset(account(account.id()), Map.of("passwordHash", hash,
                "verified", "1", "passwordChangedAt", Instant.now().toString())))
            .map(v -> new Account(account.id(), account.email(), account.name(), hash, true)));
  }
}
