package org.crmhub.hub.customer;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityType;
import org.crmhub.connector.InboundContact;
import org.crmhub.hub.Ids;

/**
 * Finds the customer a contact belongs to, creating one when none of its identities is known.
 * Links are automatic only on strong evidence: the same identifier, or identifiers that arrived
 * together in one contact. An identifier that already belongs to another customer is never moved
 * automatically; it becomes a merge suggestion. Safe to run twice for one contact, and safe when
 * several hubs resolve contacts of one new customer at once (first SETNX wins).
 */
public final class IdentityResolver {

  public static final String RULE_FIRST_CONTACT = "first-contact";
  public static final String RULE_SAME_CONTACT = "same-contact";

  private final CustomerStore customers;
  private final DuplicateHints duplicates;

  public IdentityResolver(CustomerStore customers) {
    this(customers, DuplicateHints.NONE);
  }

  public IdentityResolver(CustomerStore customers, DuplicateHints duplicates) {
    this.customers = customers;
    this.duplicates = duplicates;
  }

  /** @return the customer, or null when the contact carries no identity at all */
  public Future<ResolvedCustomer> resolve(String contactId, InboundContact contact) {
    List<Identity> identities = contact.from().identities();
    if (identities.isEmpty()) {
      // a withheld caller, or a follow-up event (a recording) that names nobody: no customer
      return Future.succeededFuture(null);
    }
    List<Future<String>> lookups = identities.stream().map(customers::ownerOf).toList();
    return Future.all(lookups)
        .compose(found -> {
          List<String> owners = new ArrayList<>();
          for (int i = 0; i < identities.size(); i++) {
            owners.add(found.resultAt(i));
          }
          String known = owners.stream().filter(Objects::nonNull).findFirst().orElse(null);
          Future<String> primary = known != null
              ? Future.succeededFuture(known)
              : customers.claim(identities.get(0), Ids.next("cu"));
          return primary.compose(customerId -> linkAll(contactId, contact, identities, owners, customerId));
        });
  }

  private Future<ResolvedCustomer> linkAll(String contactId, InboundContact contact,
      List<Identity> identities, List<String> owners, String customerId) {
    Instant at = contact.receivedAt();
    return customers.ensure(customerId, contact.from().name(), at, contactId)
        .compose(createdBy -> {
          boolean created = contactId.equals(createdBy.firstContactId());
          String rule = created ? RULE_FIRST_CONTACT : RULE_SAME_CONTACT;
          Future<Void> chain = Future.succeededFuture();
          for (int i = 0; i < identities.size(); i++) {
            Identity identity = identities.get(i);
            String owner = owners.get(i);
            chain = chain.compose(v -> link(contactId, contact.channel().wireName(), identity, owner, customerId, rule, at))
                .compose(linkedHere -> linkedHere && createdBy.name() != null && identity.type() == IdentityType.EMAIL
                    ? duplicates.namedWithEmail(customerId, createdBy.name(), identity)
                    : Future.succeededFuture());
          }
          return chain.map(v -> new ResolvedCustomer(customerId, createdBy.name(), created));
        });
  }

  /** @return whether the identity belongs to {@code customerId} (true) or to another customer (false) */
  private Future<Boolean> link(String contactId, String channel, Identity identity, String knownOwner, String customerId,
      String rule, Instant at) {
    Future<String> owner = knownOwner != null
        ? Future.succeededFuture(knownOwner)
        : customers.claim(identity, customerId);
    return owner.compose(actualOwner -> {
      if (actualOwner.equals(customerId)) {
        return customers.recordProvenance(customerId, identity, provenance(rule, contactId, at).put("channel", channel))
            .map(true);
      }
      JsonObject suggestion = new JsonObject()
          .put("customerId", actualOwner)
          .put("identity", identity.key())
          .put("messageId", contactId)
          .put("reason", "contact " + contactId + " came with " + identity.key()
              + ", which belongs to customer " + actualOwner);
      return customers.suggestMerge(customerId, identity, suggestion)
          .compose(v -> duplicates.identityClaimedTwice(customerId, actualOwner, identity, contactId))
          .map(false);
    });
  }

  public static JsonObject provenance(String rule, String messageId, Instant at) {
    JsonObject provenance = new JsonObject()
        .put("rule", rule)
        .put("actor", "system")
        .put("at", at.toString());
    if (messageId != null) {
      provenance.put("messageId", messageId);
    }
    return provenance;
  }
}
