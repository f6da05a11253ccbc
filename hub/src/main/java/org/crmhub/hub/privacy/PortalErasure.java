package org.crmhub.hub.privacy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityType;
import org.crmhub.hub.async.AsyncLoop;
import org.crmhub.hub.auth.LoginRateLimiter;
import org.crmhub.hub.portal.PortalKeys;
import org.crmhub.hub.redis.KeyScan;
import org.crmhub.hub.redis.Redis;

/**
 * Erases a customer's portal accounts (found by their email addresses and portal identities), the
 * portal's browser sessions signed in to them and their sign-in counters.
 */
final class PortalErasure {

  private static final int SCAN_BATCH = 500;

  private final Redis redis;

  PortalErasure(Redis redis) {
    this.redis = redis;
  }

  /** The account ids the identities lead to (an email's account, a portal identity's own id). */
  Future<Set<String>> accounts(Set<String> identityKeys) {
    List<Future<String>> found = new ArrayList<>();
    for (String key : identityKeys) {
      Identity identity = Identity.parse(key);
      if (identity.type() == IdentityType.PORTAL) {
        found.add(Future.succeededFuture(identity.value()));
      } else if (identity.type() == IdentityType.EMAIL) {
        found.add(redis.call(c -> c.get(PortalKeys.accountByEmail(identity.value()))));
      }
    }
    return Future.all(found).map(done -> {
      Set<String> ids = new java.util.TreeSet<>();
      found.forEach(one -> {
        if (one.result() != null) {
          ids.add(one.result());
        }
      });
      return ids;
    });
  }

  /** Deletes the accounts, their email index entries and counters, and every session signed in to one. */
  Future<Void> erase(Set<String> accountIds, Set<String> identityKeys, ErasureTally tally) {
    List<Future<?>> deleted = new ArrayList<>();
    for (String accountId : accountIds) {
      deleted.add(redis.call(c -> c.hget(PortalKeys.account(accountId), "email")).compose(email -> {
        List<String> keys = new ArrayList<>(List.of(PortalKeys.account(accountId)));
        if (email != null) {
          keys.add(PortalKeys.accountByEmail(email));
        }
        return redis.call(c -> c.del(keys.toArray(String[]::new)))
            .onSuccess(count -> tally.add("portalAccounts", email != null ? 1 : 0));
      }));
    }
    for (String key : identityKeys) {
      Identity identity = Identity.parse(key);
      if (identity.type() == IdentityType.EMAIL) {
        // the per-address counters beside it expire with their window (minutes)
        deleted.add(redis.call(c -> c.del(LoginRateLimiter.accountKey(identity.value()))));
      }
    }
    // sign-in attempts for an address count even without an account; sessions only with one
    return Future.all(deleted).compose(v -> accountIds.isEmpty() ? Future.succeededFuture() : sessions(accountIds, tally));
  }

  private Future<Void> sessions(Set<String> accountIds, ErasureTally tally) {
    KeyScan scan = new KeyScan(redis, PortalKeys.SESSION_PATTERN, SCAN_BATCH);
    return sessionBatches(scan, accountIds, tally);
  }

  private Future<Void> sessionBatches(KeyScan scan, Set<String> accountIds, ErasureTally tally) {
    return AsyncLoop.iterate(scan, KeyScan::finished, pages -> pages.next()
        .compose(keys -> {
          List<Future<?>> checked = new ArrayList<>();
          for (String key : keys) {
            checked.add(redis.call(c -> c.get(key)).compose(json -> json != null && signedInTo(json, accountIds)
                ? redis.call(c -> c.del(key)).onSuccess(n -> tally.add("portalSessions", n))
                : Future.succeededFuture()));
          }
          return Future.all(checked);
        })
        .map(pages))
        .mapEmpty();
  }

  private static boolean signedInTo(String sessionJson, Set<String> accountIds) {
    try {
      return accountIds.contains(new JsonObject(sessionJson).getString("accountId"));
    } catch (RuntimeException notJson) {
      return false;
    }
  }
}
