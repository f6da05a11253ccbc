package org.crmhub.hub.privacy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.crmhub.connector.Identity;
import org.crmhub.hub.async.AsyncLoop;
import org.crmhub.hub.attachment.BlobSweep;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.customer.DuplicateHints;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.events.EventType;
import org.crmhub.hub.privacy.ErasureJobs.Part;

/**
 * Runs one erasure job to its end. Its steps each remove what is left of their part, so a job
 * taken over after a crash runs them all again and finishes:
 *
 * <ol>
 *   <li>scope: the customer and every customer merged into it, their conversations, identities,
 *       merges and portal accounts, kept with the job (taken once);
 *   <li>the identities are released, so a contact from the same address from now on is a new
 *       customer with no history;
 *   <li>each conversation with its messages, attachments and what names them; then any conversation
 *       filed for these customers meanwhile (a contact already being processed);
 *   <li>portal accounts and their sessions; copies in the events stream, webhook deliveries, dead
 *       letters and training examples;
 *   <li>the customers' own records, merge records, duplicate suggestions;
 *   <li>announcements ({@code conversation.erased} for every hub's search index and the open views,
 *       {@code customer.erased} for webhooks: ids only), attachment contents nothing names any more;
 *   <li>the job is completed (its scope deleted) and Redis asked to rewrite its files.
 * </ol>
 */
final class CustomerErasure {

  /** Conversations erased at once. */
  private static final int CONVERSATIONS_AT_ONCE = 8;
  /** Rounds looking for conversations filed while the job ran (each round finds fewer). */
  private static final int LATE_ROUNDS = 3;
  private static final int ANNOUNCED_AT_ONCE = 500;

  private final ErasureJobs jobs;
  private final CustomerStore customers;
  private final ConversationErasure conversations;
  private final PortalErasure portal;
  private final CopiesErasure copies;
  private final DuplicateHints duplicates;
  private final DomainEvents events;
  private final BlobSweep blobs;
  private final DiskCompaction disk;
  private final FanOutWait fanOut;
  private final Clock clock;

  CustomerErasure(ErasureJobs jobs, CustomerStore customers, ConversationErasure conversations, PortalErasure portal,
      CopiesErasure copies, DuplicateHints duplicates, DomainEvents events, BlobSweep blobs, DiskCompaction disk,
      FanOutWait fanOut, Clock clock) {
    this.jobs = jobs;
    this.customers = customers;
    this.conversations = conversations;
    this.portal = portal;
    this.copies = copies;
    this.duplicates = duplicates;
    this.events = events;
    this.blobs = blobs;
    this.disk = disk;
    this.fanOut = fanOut;
    this.clock = clock;
  }

  Future<Void> run(Erasure job) {
    return job.ofRetention() ? runRetention(job) : runCustomer(job);
  }

  private Future<Void> runCustomer(Erasure job) {
    String id = job.id();
    return scope(job)
        .compose(v -> jobs.scope(id, Part.CUSTOMERS))
        .compose(customerIds -> releaseIdentities(id, customerIds)
            .compose(v -> jobs.scope(id, Part.CONVERSATIONS))
            .compose(ids -> inSlices(id, new ArrayList<>(ids), conversations::erase))
            .compose(v -> lateConversations(id, customerIds, LATE_ROUNDS))
            .compose(v -> portalAccounts(id))
            .compose(v -> personalData(id, customerIds))
            .compose(personal -> copies(id, personal)
                .compose(v -> customerRecords(id, customerIds))
                .compose(v -> announce(job))
                .compose(fanOut::past)
                .compose(v -> deliveriesAgain(id, personal))))
        .compose(v -> attachmentContents(job))
        .compose(v -> jobs.complete(job, clock.instant()))
        .compose(v -> disk.rewrite());
  }

  /**
   * Closed conversations past the retention period: each one as in a customer's erasure, then the
   * copies naming them, and the customers left with no conversation get an erasure of their own.
   */
  private Future<Void> runRetention(Erasure job) {
    String id = job.id();
    return jobs.scope(id, Part.CONVERSATIONS)
        .compose(ids -> inSlices(id, new ArrayList<>(ids), (conversationId, tally) -> retained(id, conversationId,
            tally)))
        .compose(v -> jobs.scope(id, Part.CONVERSATIONS))
        .map(PersonalData::new)
        .compose(personal -> copies(id, personal)
            .compose(v -> announce(job))
            .compose(fanOut::past)
            .compose(v -> deliveriesAgain(id, personal)))
        .compose(v -> attachmentContents(job))
        .compose(v -> jobs.scope(id, Part.CUSTOMERS))
        .compose(this::eraseEmptied)
        .compose(v -> jobs.complete(job, clock.instant()))
        .compose(v -> disk.rewrite());
  }

  /** Each conversation's customer is noted before it goes, so a job taken over still knows whom to check. */
  private Future<Void> retained(String id, String conversationId, ErasureTally tally) {
    return conversations.customerOf(conversationId).compose(customerId -> customerId == null
        ? conversations.erase(conversationId, tally)
        : jobs.addToScope(id, Part.CUSTOMERS, Set.of(customerId))
            .compose(v -> conversations.erase(conversationId, tally))
            .compose(v -> unlist(customerId, conversationId)));
  }

  /** Takes an erased conversation off its customer's list and sentiment trend. */
  private Future<Void> unlist(String customerId, String conversationId) {
    return customers.removeConversation(customerId, conversationId)
        .compose(v -> customers.sentimentPoints(customerId))
        .compose(points -> Future.all(points.stream()
            .filter(point -> conversationId.equals(point.conversationId()))
            .map(point -> customers.removeSentimentPoint(customerId, point))
            .toList()))
        .mapEmpty();
  }

  /** Customers left without any conversation are erased the same way, by jobs of their own. */
  private Future<Void> eraseEmptied(Set<String> customerIds) {
    List<Future<?>> requested = new ArrayList<>();
    for (String customerId : customerIds) {
      requested.add(Future.all(customers.find(customerId), customers.allConversationIds(customerId))
          .compose(both -> {
            org.crmhub.hub.customer.Customer customer = both.resultAt(0);
            List<String> left = both.resultAt(1);
            return customer == null || customer.mergedAway() || !left.isEmpty()
                ? Future.succeededFuture()
                : jobs.request(customerId, "retention", "nothing left after the retention period", clock.instant());
          }));
    }
    return Future.all(requested).mapEmpty();
  }

  // --- scope

  private Future<Void> scope(Erasure job) {
    return jobs.scoped(job.id()).compose(done -> done ? Future.succeededFuture() : gather(job));
  }

  /** The customer and those merged into it (and into them), with what each holds. */
  private Future<Void> gather(Erasure job) {
    Set<String> found = new HashSet<>(List.of(job.customerId()));
    Set<String> merges = new HashSet<>();
    Deque<String> toVisit = new ArrayDeque<>(found);
    return absorbed(toVisit, found, merges)
        .compose(v -> {
          List<Future<?>> parts = new ArrayList<>();
          for (String customerId : found) {
            parts.add(customers.identities(customerId)
                .compose(identities -> jobs.addToScope(job.id(), Part.IDENTITIES, identities.keySet())));
            parts.add(customers.allConversationIds(customerId)
                .compose(ids -> jobs.addToScope(job.id(), Part.CONVERSATIONS, new HashSet<>(ids))));
          }
          parts.add(jobs.addToScope(job.id(), Part.CUSTOMERS, found));
          parts.add(jobs.addToScope(job.id(), Part.MERGES, merges));
          return Future.all(parts);
        })
        .compose(v -> jobs.scope(job.id(), Part.IDENTITIES))
        .compose(portal::accounts)
        .compose(accounts -> jobs.addToScope(job.id(), Part.ACCOUNTS, accounts))
        .compose(v -> jobs.markScoped(job.id()));
  }

  private Future<Void> absorbed(Deque<String> toVisit, Set<String> found, Set<String> merges) {
    String customerId = toVisit.poll();
    if (customerId == null) {
      return Future.succeededFuture();
    }
    return customers.allMergeIds(customerId)
        .compose(ids -> Future.all(ids.stream().map(customers::merge).toList()).map(records -> {
          for (int i = 0; i < ids.size(); i++) {
            merges.add(ids.get(i));
            JsonObject record = records.resultAt(i);
            if (record != null && customerId.equals(record.getString("survivorId"))
                && "merged".equals(record.getString("status")) && found.add(record.getString("absorbedId"))) {
              toVisit.add(record.getString("absorbedId"));
            }
          }
          return (Void) null;
        }))
        .compose(v -> absorbed(toVisit, found, merges));
  }

  // --- steps

  private Future<Void> releaseIdentities(String id, Set<String> customerIds) {
    return jobs.scope(id, Part.IDENTITIES).compose(keys -> {
      List<Future<Boolean>> released = new ArrayList<>();
      for (String key : keys) {
        Identity identity = Identity.parse(key);
        for (String customerId : customerIds) {
          released.add(customers.releaseIdentity(identity, customerId));
        }
      }
      return Future.all(released).mapEmpty();
    });
  }

  /**
   * Erases the conversations {@value #CONVERSATIONS_AT_ONCE} at a time with {@code eraseOne}, keeping
   * after each slice the digests of the attachments it removed and the counts.
   */
  private Future<Void> inSlices(String id, List<String> ids,
      java.util.function.BiFunction<String, ErasureTally, Future<Void>> eraseOne) {
    // thousands of slices when retention first runs on old data: a loop, not a compose calling itself
    return AsyncLoop.iterate(0, from -> from >= ids.size(), from -> {
      List<String> slice = ids.subList(from, Math.min(ids.size(), from + CONVERSATIONS_AT_ONCE));
      ErasureTally tally = new ErasureTally();
      return Future.all(slice.stream().map(conversationId -> eraseOne.apply(conversationId, tally)).toList())
          .compose(v -> jobs.addToScope(id, Part.DIGESTS, tally.takeDigests()))
          .compose(v -> jobs.count(id, tally.counts()))
          .map(v -> from + CONVERSATIONS_AT_ONCE);
    }).mapEmpty();
  }

  /** Conversations filed for the customers while the job ran: added to the scope and erased. */
  private Future<Void> lateConversations(String id, Set<String> customerIds, int roundsLeft) {
    if (roundsLeft == 0) {
      return Future.succeededFuture();
    }
    List<Future<List<String>>> lists = customerIds.stream().map(customers::allConversationIds).toList();
    return Future.all(lists).compose(v -> {
      // the lists still name the conversations erased already (the customers go last): those are
      // found gone at once and taken off, so a next round sees only ones filed since
      Set<String> listed = new HashSet<>();
      lists.forEach(list -> listed.addAll(list.result()));
      if (listed.isEmpty()) {
        return Future.succeededFuture();
      }
      return jobs.addToScope(id, Part.CONVERSATIONS, listed)
          .compose(added -> inSlices(id, new ArrayList<>(listed), conversations::erase))
          .compose(erased -> removeListed(customerIds, List.copyOf(listed)))
          .compose(erased -> lateConversations(id, customerIds, roundsLeft - 1));
    });
  }

  /** Takes erased conversations off the customers' lists (the customers go at the end anyway). */
  private Future<Void> removeListed(Set<String> customerIds, List<String> conversationIds) {
    List<Future<Void>> removed = new ArrayList<>();
    for (String customerId : customerIds) {
      for (String conversationId : conversationIds) {
        removed.add(customers.removeConversation(customerId, conversationId));
      }
    }
    return Future.all(removed).mapEmpty();
  }

  private Future<Void> portalAccounts(String id) {
    ErasureTally tally = new ErasureTally();
    return Future.all(jobs.scope(id, Part.ACCOUNTS), jobs.scope(id, Part.IDENTITIES))
        .compose(both -> portal.erase(both.resultAt(0), both.resultAt(1), tally))
        .compose(v -> jobs.count(id, tally.counts()));
  }

  /** The strings that name the customers' data wherever a copy of it is kept. */
  private Future<PersonalData> personalData(String id, Set<String> customerIds) {
    return Future.all(List.of(jobs.scope(id, Part.CONVERSATIONS), jobs.scope(id, Part.IDENTITIES),
            jobs.scope(id, Part.ACCOUNTS), jobs.scope(id, Part.MERGES)))
        .map(parts -> {
          Set<String> names = new HashSet<>(customerIds);
          for (int i = 0; i < 4; i++) {
            names.addAll(parts.<Set<String>>resultAt(i));
          }
          Set<String> identityKeys = parts.resultAt(1);
          identityKeys.forEach(key -> names.add(Identity.parse(key).value()));
          return new PersonalData(names);
        });
  }

  private Future<Void> copies(String id, PersonalData personal) {
    ErasureTally tally = new ErasureTally();
    return copies.erase(personal, tally).compose(v -> jobs.count(id, tally.counts()));
  }

  private Future<Void> deliveriesAgain(String id, PersonalData personal) {
    ErasureTally tally = new ErasureTally();
    return copies.deliveries(personal, tally).compose(v -> jobs.count(id, tally.counts()));
  }

  private Future<Void> customerRecords(String id, Set<String> customerIds) {
    return jobs.scope(id, Part.MERGES)
        .compose(merges -> Future.all(merges.stream().map(mergeId -> customers.merge(mergeId)
            .compose(record -> deleteMerge(mergeId, record, customerIds))).toList()))
        .compose(v -> jobs.scope(id, Part.IDENTITIES))
        .compose(identityKeys -> Future.all(customerIds.stream()
            .map(customerId -> othersSuggestions(customerId, customerIds, identityKeys)
                .compose(w -> duplicates.erased(customerId))
                .compose(w -> customers.delete(customerId)))
            .toList()))
        .compose(v -> jobs.count(id, java.util.Map.of("customers", (long) customerIds.size())));
  }

  /**
   * Customers a contact of whom came with one of these identities hold a merge suggestion keyed
   * by it: found through the duplicate pairs (read before they go), the suggestions go.
   */
  private Future<Void> othersSuggestions(String customerId, Set<String> customerIds, Set<String> identityKeys) {
    return duplicates.pairedWith(customerId).compose(others -> Future.all(others.stream()
            .filter(other -> !customerIds.contains(other))
            .map(other -> customers.forgetSuggestions(other, identityKeys))
            .toList()))
        .mapEmpty();
  }

  /** A merge record goes; a customer outside the erasure that took part no longer lists it. */
  private Future<Void> deleteMerge(String mergeId, JsonObject record, Set<String> customerIds) {
    List<String> parties = new ArrayList<>();
    if (record != null) {
      parties.add(record.getString("survivorId"));
      parties.add(record.getString("absorbedId"));
    }
    String other = parties.stream().filter(party -> party != null && !customerIds.contains(party)).findFirst()
        .orElse(customerIds.iterator().next());
    return customers.deleteMerge(mergeId, other);
  }

  /** Tells every hub and the webhooks, with ids only; the id of the last event appended. */
  private Future<String> announce(Erasure job) {
    return jobs.scope(job.id(), Part.CONVERSATIONS).compose(conversationIds -> {
      List<DomainEvents.Event> announcements = new ArrayList<>();
      for (String conversationId : conversationIds) {
        announcements.add(new DomainEvents.Event(EventType.CONVERSATION_ERASED, conversationId + ":" + job.id(),
            new JsonObject().put("erasedConversationId", conversationId).put("erasureId", job.id())));
      }
      Future<String> chain = Future.succeededFuture();
      for (int from = 0; from < announcements.size(); from += ANNOUNCED_AT_ONCE) {
        List<DomainEvents.Event> slice = announcements.subList(from,
            Math.min(announcements.size(), from + ANNOUNCED_AT_ONCE));
        // no conversation id in the data: its event counter is gone with it and must stay gone
        chain = chain.compose(v -> events.publishNumbered(slice, null, 0).map(ids -> ids.get(ids.size() - 1)));
      }
      return chain;
    }).compose(last -> job.customerId() == null ? Future.succeededFuture(last)
        : events.publish(EventType.CUSTOMER_ERASED, job.id(), new JsonObject()
            .put("erasureId", job.id())
            .put("customerId", job.customerId())
            .put("erasedAt", clock.instant().toString())));
  }

  private Future<Void> attachmentContents(Erasure job) {
    return jobs.scope(job.id(), Part.DIGESTS)
        .compose(digests -> blobs.sweepNow(digests, Instant.parse(job.requestedAt())))
        .compose(deleted -> jobs.count(job.id(), java.util.Map.of("attachmentContents", deleted)));
  }
}
