package org.crmhub.hub.privacy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.crmhub.connector.Leases;
import org.crmhub.hub.conversation.Conversation;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.conversation.InboxIndex;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.redis.Scored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention period: closed conversations last active longer ago than it are erased, a batch
 * at a time as a {@link Erasure#RETENTION} job, by one hub (the {@value #LEASE} lease) every
 * {@link PrivacySettings#retentionCheckEvery()}; customers left with nothing are erased after them.
 * A dry run lists what would go now.
 */
final class Retention {

  static final String LEASE = "retention";
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  /** Conversations per retention job. */
  private static final int BATCH = 500;

  private final Vertx vertx;
  private final PrivacySettings settings;
  private final InboxIndex inbox;
  private final ConversationStore conversations;
  private final CustomerStore customers;
  private final ErasureJobs jobs;
  private final Leases leases;
  private final Clock clock;
  private long timer = -1;
  private boolean checking;

  Retention(Vertx vertx, PrivacySettings settings, InboxIndex inbox, ConversationStore conversations,
      CustomerStore customers, ErasureJobs jobs, Leases leases, Clock clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.inbox = inbox;
    this.conversations = conversations;
    this.customers = customers;
    this.jobs = jobs;
    this.leases = leases;
    this.clock = clock;
  }

  void start() {
    if (!settings.retains()) {
      LOG.info("retention is off (CRMHUB_RETENTION_DAYS=0): conversations are kept until erased by hand");
      return;
    }
    long every = settings.retentionCheckEvery().toMillis();
    timer = vertx.setPeriodic(Math.min(every, Duration.ofMinutes(1).toMillis()), every, id -> check());
  }

  Future<Void> stop() {
    if (timer < 0) {
      return Future.succeededFuture();
    }
    vertx.cancelTimer(timer);
    return leases.release(LEASE);
  }

  private Instant cutoff() {
    return clock.instant().minus(Duration.ofDays(settings.retentionDays()));
  }

  /**
   * Stores the next batch as a job unless one is pending already (or another hub holds the lease).
   *
   * @return the job stored, or null
   */
  Future<Erasure> check() {
    if (checking || !settings.retains()) {
      return Future.succeededFuture();
    }
    checking = true;
    // held a little longer than an interval, so the holder's next check renews it first
    Duration leaseTime = settings.retentionCheckEvery().plus(settings.retentionCheckEvery().dividedBy(2));
    return leases.acquire(LEASE, leaseTime)
        .compose(held -> held ? jobs.retentionPending() : Future.succeededFuture(true))
        .compose(busy -> busy ? Future.<Erasure>succeededFuture() : nextBatch())
        .onSuccess(job -> {
          if (job != null) {
            vertx.eventBus().send(ErasureWorker.WAKE, job.id());
          }
        })
        .onFailure(failure -> LOG.warn("retention: the check stopped ({}); the next one tries again",
            failure.toString()))
        .onComplete(done -> checking = false);
  }

  private Future<Erasure> nextBatch() {
    return inbox.closedBefore(cutoff().toEpochMilli(), 0, BATCH).compose(due -> due.isEmpty()
        ? Future.succeededFuture()
        : jobs.requestRetention(due.stream().map(Scored::member).toList(),
            "closed and inactive for more than " + settings.retentionDays() + " days", clock.instant())
            .onSuccess(job -> LOG.info("retention: erasing {} conversation(s) closed before {} (job {})", due.size(),
                cutoff(), job.id())));
  }

  /** What would be erased now: how many conversations, the first {@code limit}, and whose. */
  Future<JsonObject> dryRun(int limit) {
    JsonObject answer = new JsonObject()
        .put("retentionDays", settings.retentionDays())
        .put("checkEverySeconds", settings.retentionCheckEvery().toSeconds());
    if (!settings.retains()) {
      return Future.succeededFuture(answer.put("conversations", 0).put("items", new JsonArray())
          .put("customersLeftEmpty", new JsonArray()));
    }
    long before = cutoff().toEpochMilli();
    answer.put("cutoff", cutoff().toString());
    return Future.all(inbox.countClosedBefore(before), inbox.closedBefore(before, 0, limit))
        .compose(both -> {
          answer.put("conversations", both.<Long>resultAt(0));
          List<Scored> due = both.resultAt(1);
          List<Future<Conversation>> loads = due.stream().map(scored -> conversations.find(scored.member())).toList();
          return Future.all(loads).map(loaded -> loads.stream().map(Future::result)
              .filter(java.util.Objects::nonNull).toList());
        })
        .compose(listed -> leftEmpty(listed, before).map(empty -> {
          JsonArray items = new JsonArray();
          listed.forEach(conversation -> items.add(org.crmhub.hub.JsonFields.putIfPresent(new JsonObject()
              .put("conversationId", conversation.id())
              .put("channel", conversation.channel())
              .put("lastActivityAt", conversation.lastActivityAt()), "customerId", conversation.customerId())));
          return answer.put("items", items).put("customersLeftEmpty", new JsonArray(List.copyOf(empty)));
        }));
  }

  /** The listed conversations' customers all of whose conversations are due. */
  private Future<Set<String>> leftEmpty(List<Conversation> listed, long before) {
    Set<String> customerIds = new LinkedHashSet<>();
    listed.forEach(conversation -> {
      if (conversation.customerId() != null) {
        customerIds.add(conversation.customerId());
      }
    });
    List<Future<String>> checks = new ArrayList<>();
    for (String customerId : customerIds) {
      checks.add(customers.allConversationIds(customerId)
          .compose(ids -> Future.all(ids.stream().map(conversations::find).toList()))
          .map(all -> all.<Conversation>list().stream().allMatch(conversation -> conversation == null
              || ("closed".equals(conversation.status()) && conversation.lastActivityMs() < before))
              ? customerId : null));
    }
    return Future.all(checks).map(done -> {
      Set<String> empty = new LinkedHashSet<>();
      checks.forEach(check -> {
        if (check.result() != null) {
          empty.add(check.result());
        }
      });
      return empty;
    });
  }
}
