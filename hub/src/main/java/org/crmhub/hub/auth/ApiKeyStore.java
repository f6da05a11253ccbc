package org.crmhub.hub.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Set;
import org.crmhub.hub.Digests;
import org.crmhub.hub.Ids;
import org.crmhub.hub.redis.Redis;

/**
 * API keys, stored only as SHA-256 of the secret (keys are 256 random bits, so a fast hash is
 * enough; a slow one would only slow down every request). Valid keys are remembered for a few
 * seconds so busy integrations do not cost two Redis reads per request; a revoked key therefore
 * stops working on other hub instances within {@link #CACHE_TTL}.
 */
public final class ApiKeyStore {

  private static final String KEYS = "crm:api-keys";
  private static final String PREFIX = "chk_";
  static final Duration CACHE_TTL = Duration.ofSeconds(5);
  private static final int CACHE_LIMIT = 10_000;

  private final Redis redis;
  private final Map<String, Cached> recentlyValid = new ConcurrentHashMap<>();

  private record Cached(Principal principal, long expiresAtNanos) {}

  public ApiKeyStore(Redis redis) {
    this.redis = redis;
  }

  /** A key and its secret; the secret is never stored or shown again. */
  public record Created(JsonObject key, String secret) {}

  public Future<Created> create(String name, Set<Scope> scopes, String createdBy) {
    return store(Ids.next("key"), PREFIX + Ids.randomToken(32), name, scopes, createdBy);
  }

  /** Ensures a key with exactly this secret and every scope exists (deployment bootstrap). */
  public Future<Void> ensureBootstrapKey(String secret) {
    return ensureKey("key_bootstrap", secret, "bootstrap (CRMHUB_BOOTSTRAP_API_KEY)", Scope.all());
  }

  /** Ensures a key with this id, exactly this secret and these scopes exists (keys the hub makes itself). */
  public Future<Void> ensureKey(String id, String secret, String name, Set<Scope> scopes) {
    return redis.call(c -> c.get(bySecret(secret)))
        .compose(existing -> existing != null
            ? Future.succeededFuture()
            : store(id, secret, name, scopes, "system").mapEmpty());
  }

  private Future<Created> store(String id, String secret, String name, Set<Scope> scopes, String createdBy) {
    JsonObject key = new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("scopes", new JsonArray(scopes.stream().map(Scope::wireName).sorted().toList()))
        .put("createdAt", Instant.now().toString())
        .put("createdBy", createdBy)
        .put("secretHash", Digests.sha256Hex(secret));
    return redis.call(c -> c.hset(KEYS, id, key.encode()))
        .compose(v -> redis.call(c -> c.set(bySecret(secret), id)))
        .map(v -> new Created(withoutSecret(key), secret));
  }

  /** @return the caller for this secret, or null when it is no (longer a) valid key */
  public Future<Principal> authenticate(String secret) {
    String lookup = bySecret(secret);
    Cached cached = recentlyValid.get(lookup);
    if (cached != null && cached.expiresAtNanos() - System.nanoTime() > 0) {
      return Future.succeededFuture(cached.principal());
    }
    return lookupPrincipal(lookup).onSuccess(principal -> {
      if (principal != null) {
        if (recentlyValid.size() >= CACHE_LIMIT) {
          recentlyValid.clear();
        }
        recentlyValid.put(lookup, new Cached(principal, System.nanoTime() + CACHE_TTL.toNanos()));
      }
    });
  }

  private Future<Principal> lookupPrincipal(String lookup) {
    return redis.call(c -> c.get(lookup))
        .compose(id -> id == null ? Future.succeededFuture((String) null) : redis.call(c -> c.hget(KEYS, id)))
        .map(json -> {
          if (json == null) {
            return null;
          }
          JsonObject key = new JsonObject(json);
          Set<Scope> scopes = EnumSet.noneOf(Scope.class);
          key.getJsonArray("scopes").forEach(scope -> scopes.add(Scope.fromWireName((String) scope)));
          return Principal.apiKey(key.getString("id"), scopes);
        });
  }

  public Future<List<JsonObject>> list() {
    return redis.call(c -> c.hvals(KEYS)).map(values -> {
      List<JsonObject> keys = new ArrayList<>();
      values.forEach(json -> keys.add(withoutSecret(new JsonObject(json))));
      keys.sort((a, b) -> a.getString("createdAt").compareTo(b.getString("createdAt")));
      return keys;
    });
  }

  /** @return false when there is no such key */
  public Future<Boolean> revoke(String id) {
    return redis.call(c -> c.hget(KEYS, id)).compose(json -> {
      if (json == null) {
        return Future.succeededFuture(false);
      }
      String secretKey = "crm:api-key-secret:" + new JsonObject(json).getString("secretHash");
      recentlyValid.remove(secretKey);
      return redis.call(c -> c.del(secretKey))
          .compose(v -> redis.call(c -> c.hdel(KEYS, id)))
          .map(v -> true);
    });
  }

  private static JsonObject withoutSecret(JsonObject key) {
    JsonObject copy = key.copy();
    copy.remove("secretHash");
    return copy;
  }

  private static String bySecret(String secret) {
    return "crm:api-key-secret:" + Digests.sha256Hex(secret);
  }
}
