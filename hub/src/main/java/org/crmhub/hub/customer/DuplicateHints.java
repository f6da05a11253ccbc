package org.crmhub.hub.customer;

import io.vertx.core.Future;
import org.crmhub.connector.Identity;

/**
 * What identity resolution and merging tell the possible-duplicates index. An interface here so
 * the customer package does not depend on the index's storage.
 */
public interface DuplicateHints {

  /** Strong evidence: a contact of {@code customerId} came with an identity {@code ownerId} already has. */
  Future<Void> identityClaimedTwice(String customerId, String ownerId, Identity identity, String contactId);

  /** Weak evidence, collected per name and email domain: the customer has this name and an email address. */
  Future<Void> namedWithEmail(String customerId, String name, Identity email);

  /** {@code absorbedId} was merged away: its pairs are no longer suggestions. */
  Future<Void> merged(String survivorId, String absorbedId);

  /** {@code absorbedId} exists again after a split and may be suggested again. */
  Future<Void> split(String absorbedId);

  /** The customers paired with {@code customerId} as possible duplicates. */
  default Future<java.util.Set<String>> pairedWith(String customerId) {
    return Future.succeededFuture(java.util.Set.of());
  }

  /** {@code customerId} was erased: its pairs and name groups go, and it is never paired again. */
  default Future<Void> erased(String customerId) {
    return merged(null, customerId);
  }

  /** No index (tools and tests that only resolve identities). */
  DuplicateHints NONE = new DuplicateHints() {
    @Override
    public Future<Void> identityClaimedTwice(String customerId, String ownerId, Identity identity, String contactId) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> namedWithEmail(String customerId, String name, Identity email) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> merged(String survivorId, String absorbedId) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> split(String absorbedId) {
      return Future.succeededFuture();
    }
  };
}
