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
import org.crmhub.hub.customer.CustomerStore.IdentityLink;
import org.crmhub.hub.customer.CustomerStore.Linked;

/**
 * Finds the customer a contact belongs to, creating one when none of its identities is known.
 * Links are automatic only on strong evidence: the same identifier, or identifiers that arrived
 * together in one contact. An identifier that already belongs to another customer is never moved
 * automatically; it becomes a merge suggestion. Safe to run twice for one contact, and safe when
 * several hubs resolve contacts of one new customer at once (the first claim of an identity wins).
 * A contact with one identity costs two round trips: the identity's claim, then the customer's.
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
    return owners(identities).compose(owners -> link(contactId, contact, identities, owners));
  }

  /** The contact's customer, and the owner of each of its identities (in order) after the claims. */
  private record Owners(String customerId, List<String> owners) {}

  /**
   * The owner of each identity after claiming the unowned ones. The customer is the first known
   * owner, else whoever claimed the first identity; the rest are claimed for that customer only
   * once it is settled, so two hubs racing on a new customer never split its identities.
   */
  private Future<Owners> owners(List<Identity> identities) {
    if (identities.size() == 1) {
      return customers.claim(identities.get(0), Ids.next("cu")).map(owner -> new Owners(owner, List.of(owner)));
    }
    List<Future<String>> lookups = identities.stream().map(customers::ownerOf).toList();
    return Future.all(lookups).compose(found -> {
      String known = lookups.stream().map(Future::result).filter(Objects::nonNull).findFirst().orElse(null);
      Future<String> customer = known != null ? Future.succeededFuture(known)
          : customers.claim(identities.get(0), Ids.next("cu"));
      return customer.compose(customerId -> {
        List<Future<String>> claimed = new ArrayList<>();
        for (int i = 0; i < identities.size(); i++) {
          String owner = i == 0 && known == null ? customerId : lookups.get(i).result();
          claimed.add(owner != null ? Future.succeededFuture(owner) : customers.claim(identities.get(i), customerId));
        }
        // an identity lost to another hub's customer meanwhile stays that customer's: a suggestion
        return Future.all(claimed).map(done -> new Owners(customerId, claimed.stream().map(Future::result).toList()));
      });
    });
  }

  private Future<ResolvedCustomer> link(String contactId, InboundContact contact, List<Identity> identities,
      Owners claimed) {
    String customerId = claimed.customerId();
    List<String> owners = claimed.owners();
    Instant at = contact.receivedAt();
    String channel = contact.channel().wireName();
    List<IdentityLink> links = new ArrayList<>();
    for (int i = 0; i < identities.size(); i++) {
      Identity identity = identities.get(i);
      String owner = owners.get(i);
      links.add(owner.equals(customerId)
          ? IdentityLink.own(identity,
              provenance(RULE_FIRST_CONTACT, contactId, at).put("channel", channel),
              provenance(RULE_SAME_CONTACT, contactId, at).put("channel", channel))
          : IdentityLink.ownedBy(identity, owner, new JsonObject()
              .put("customerId", owner)
              .put("identity", identity.key())
              .put("messageId", contactId)
              .put("reason", "contact " + contactId + " came with " + identity.key()
                  + ", which belongs to customer " + owner)));
    }
    return customers.link(customerId, contact.from().name(), at, contactId, channel, links)
        .compose(linked -> hints(contactId, customerId, links, linked)
            .map(v -> new ResolvedCustomer(customerId, linked.name(), contactId.equals(linked.firstContactId()),
                linked.openConversation())));
  }

  /**
   * Tells the duplicates index what this contact newly established: an identity another customer
   * owns, or a name next to an email address. What an earlier contact (or an earlier delivery of
   * this one) established was told then, so a regular customer's contact costs nothing here.
   */
  private Future<Void> hints(String contactId, String customerId, List<IdentityLink> links, Linked linked) {
    List<Future<Void>> told = new ArrayList<>();
    boolean namedNow = contactId.equals(linked.nameContactId());
    for (int i = 0; i < links.size(); i++) {
      IdentityLink link = links.get(i);
      if (link.owner() != null) {
        told.add(duplicates.identityClaimedTwice(customerId, link.owner(), link.identity(), contactId));
      } else if (linked.name() != null && link.identity().type() == IdentityType.EMAIL
          && (namedNow || contactId.equals(linked.provenanceMessageIds().get(i)))) {
        told.add(duplicates.namedWithEmail(customerId, linked.name(), link.identity()));
      }
    }
    return Future.all(told).mapEmpty();
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
