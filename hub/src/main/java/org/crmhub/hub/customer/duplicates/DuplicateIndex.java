package org.crmhub.hub.customer.duplicates;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.crmhub.connector.Identity;
import org.crmhub.hub.customer.DuplicateHints;
import org.crmhub.hub.redis.Hashes;
import org.crmhub.hub.redis.Redis;

/**
 * Keeps the possible duplicates in Redis as identity resolution, merges and agents tell it:
 * strong pairs (one identity claimed by two customers), weak pairs (same name and email domain,
 * free mail and names shared by more than {@value #MOST_WITH_ONE_NAME} records at a domain
 * excepted), dismissals, and the pairs a merge settles.
 */
public final class DuplicateIndex implements DuplicateHints {

  /** A name more records at one domain share says too little to suggest anything. */
  static final int MOST_WITH_ONE_NAME = 20;

  private final Redis redis;

  public DuplicateIndex(Redis redis) {
    this.redis = redis;
  }

  @Override
  public Future<Void> identityClaimedTwice(String customerId, String ownerId, Identity identity, String contactId) {
    if (customerId.equals(ownerId)) {
      return Future.succeededFuture();
    }
    Instant now = Instant.now();
    JsonObject reason = new JsonObject()
        .put("kind", "same-identity")
        .put("identity", identity.key())
        .put("messageId", contactId)
        .put("why", "both records claim " + identity.key());
    return DuplicateScripts.IDENTITY_CLAIMED_TWICE.run(redis, new String[] {DuplicateKeys.pairs()},
            DuplicateKeys.PREFIX, customerId, ownerId, "why:identity:" + identity.key(), reason.encode(),
            DuplicateScores.strong(now), now.toString())
        .mapEmpty();
  }

  @Override
  public Future<Void> namedWithEmail(String customerId, String name, Identity email) {
    NameAtDomain group = NameAtDomain.of(name, email);
    if (group == null) {
      return Future.succeededFuture();
    }
    Instant now = Instant.now();
    JsonObject reason = new JsonObject()
        .put("kind", "same-name-and-domain")
        .put("name", group.name())
        .put("domain", group.domain())
        .put("why", "same name " + group.name() + " and both have an email address at " + group.domain());
    return DuplicateScripts.NAMED_WITH_EMAIL.run(redis, new String[] {DuplicateKeys.pairs()},
            DuplicateKeys.PREFIX, customerId, group.group(), Integer.toString(MOST_WITH_ONE_NAME),
            "why:name:" + group.group(), reason.encode(), DuplicateScores.weak(now), now.toString())
        .mapEmpty();
  }

  @Override
  public Future<Void> merged(String survivorId, String absorbedId) {
    return DuplicateScripts.MERGED_AWAY.run(redis, new String[] {DuplicateKeys.pairs()}, DuplicateKeys.PREFIX,
        absorbedId).mapEmpty();
  }

  @Override
  public Future<java.util.Set<String>> pairedWith(String customerId) {
    return redis.call(c -> c.zrange(DuplicateKeys.pairsOf(customerId), 0, -1))
        .compose(pairIds -> Future.all(pairIds.stream()
            .map(pairId -> Hashes.values(redis, DuplicateKeys.pair(pairId), java.util.List.of("a", "b")))
            .toList()))
        .map(pairs -> {
          java.util.Set<String> others = new java.util.TreeSet<>();
          for (java.util.List<String> ab : pairs.<java.util.List<String>>list()) {
            ab.stream().filter(id -> id != null && !id.equals(customerId)).forEach(others::add);
          }
          return others;
        });
  }

  @Override
  public Future<Void> split(String absorbedId) {
    return redis.call(c -> c.srem(DuplicateKeys.gone(), absorbedId)).mapEmpty();
  }

  /** The two are different people: their pair goes and is never suggested again. */
  public Future<Void> dismiss(String customerId, String otherCustomerId, String actor) {
    JsonObject dismissal = new JsonObject().put("by", actor).put("at", Instant.now().toString());
    return DuplicateScripts.DISMISS.run(redis, new String[] {DuplicateKeys.pairs()}, DuplicateKeys.PREFIX,
        customerId, otherCustomerId, dismissal.encode()).mapEmpty();
  }
}
