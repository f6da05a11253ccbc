package org.crmhub.hub.privacy;

import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.crmhub.hub.async.AsyncLoop;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.events.EventType;
import org.crmhub.hub.ingest.DeadLetters;
import org.crmhub.hub.ingest.IngestKeys;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.StreamEntry;
import org.crmhub.hub.redis.Streams;
import org.crmhub.hub.sentiment.learning.TrainingExamples;
import org.crmhub.hub.webhooks.WebhookStore;

/**
 * Erases the copies of a customer's data the hub keeps outside the customer's own records: the
 * events stream (what SSE replays and webhooks fan out), webhook deliveries with their payloads
 * and attempt log entries, dead letters, and the sentiment training examples. Each is read in
 * batches from the oldest on; an entry naming the customer is deleted.
 */
final class CopiesErasure {

  private static final int BATCH = 500;
  /** The erasure's own announcements name the erased ids, and must stay. */
  private static final Set<String> ANNOUNCEMENTS = Set.of(EventType.CUSTOMER_ERASED.wireName(),
      EventType.CONVERSATION_ERASED.wireName());

  private final Redis redis;
  private final WebhookStore webhooks;

  CopiesErasure(Redis redis, WebhookStore webhooks) {
    this.redis = redis;
    this.webhooks = webhooks;
  }

  Future<Void> erase(PersonalData personal, ErasureTally tally) {
    if (personal.isEmpty()) {
      return Future.succeededFuture();
    }
    return stream(DomainEvents.STREAM, "events",
            entry -> !ANNOUNCEMENTS.contains(entry.field("type", "")) && personal.namedIn(entry.fields()), tally)
        .compose(v -> deliveries(personal, tally))
        .compose(v -> stream(IngestKeys.DEAD_LETTERS, "deadLetters", entry -> personal.namedIn(entry.fields()), tally))
        .compose(v -> stream(TrainingExamples.STREAM, "trainingExamples", entry -> personal.namedIn(entry.fields()),
            tally));
  }

  /** Webhook deliveries only: also the second look, once the fan-out is past the erasure. */
  Future<Void> deliveries(PersonalData personal, ErasureTally tally) {
    return personal.isEmpty() ? Future.succeededFuture() : webhooks.forgetDeliveries(personal::namedIn)
        .onSuccess(forgotten -> tally.add("webhookDeliveries", forgotten))
        .mapEmpty();
  }

  private Future<Void> stream(String stream, String kind, Predicate<StreamEntry> named, ErasureTally tally) {
    return batchesAfter(stream, "0-0", kind, named, tally);
  }

  /** A batch at a time; the loop's state is the id the next batch starts after, null after the last. */
  private Future<Void> batchesAfter(String stream, String firstAfterId, String kind, Predicate<StreamEntry> named,
      ErasureTally tally) {
    return AsyncLoop.iterate(firstAfterId, Objects::isNull, afterId ->
        Streams.after(redis, stream, afterId, BATCH).compose(entries -> {
          if (entries.isEmpty()) {
            return Future.succeededFuture(null);
          }
          List<StreamEntry> matching = entries.stream().filter(named).toList();
          Future<Void> deleted = matching.isEmpty() ? Future.succeededFuture() : delete(stream, matching)
              .onSuccess(v -> tally.add(kind, matching.size()));
          String last = entries.get(entries.size() - 1).id();
          return deleted.map(v -> entries.size() < BATCH ? null : last);
        }))
        .mapEmpty();
  }

  private Future<Void> delete(String stream, List<StreamEntry> entries) {
    String[] ids = entries.stream().map(StreamEntry::id).toArray(String[]::new);
    Future<Long> removed = redis.call(c -> c.xdel(stream, ids));
    if (!IngestKeys.DEAD_LETTERS.equals(stream)) {
      return removed.mapEmpty();
    }
    // a dead letter's last processing error is kept beside it
    String[] errors = entries.stream().map(entry -> entry.field("contactId")).filter(java.util.Objects::nonNull)
        .map(DeadLetters::lastErrorKey).toArray(String[]::new);
    return removed.compose(v -> errors.length == 0 ? Future.succeededFuture()
        : redis.call(c -> c.del(errors)).mapEmpty());
  }
}
