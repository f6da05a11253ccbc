package org.crmhub.hub.ingest;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.crmhub.connector.AcceptedContact;
import org.crmhub.hub.failure.NotFound;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.StreamEntry;
import org.crmhub.hub.redis.Streams;

/**
 * Ingest entries that failed too often, kept in a stream of their own for staff to inspect and
 * re-drive. Moving an entry here acknowledges it on its partition, so it stops being retried.
 */
public final class DeadLetters {

  private static final long LAST_ERROR_TTL_SECONDS = 7 * 24 * 3600;

  private final Redis redis;
  private final IngestKeys keys;

  public DeadLetters(Redis redis, IngestKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /** Remembers why processing failed, so the dead letter can say it even if another hub moves it. */
  public Future<Void> recordFailure(String contactId, Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    String error = failure.getClass().getSimpleName() + ": "
        + (message.length() > 500 ? message.substring(0, 500) : message);
    return redis.call(c -> c.setex(lastErrorKey(contactId), LAST_ERROR_TTL_SECONDS, error)).mapEmpty();
  }

  /** Copies a partition's entry into the dead letters; the caller then acknowledges it on its partition. */
  public Future<Void> bury(int partition, StreamEntry entry, long attempts, String reason) {
    String contactId = entry.field("contactId", "");
    return redis.call(c -> c.get(lastErrorKey(contactId)))
        .compose(lastError -> Streams.append(redis, IngestKeys.DEAD_LETTERS, Map.of(
            "contactId", contactId,
            "contact", entry.field("contact", ""),
            "partition", Integer.toString(partition),
            "error", lastError == null ? reason : reason + "; last error: " + lastError,
            "attempts", Long.toString(attempts),
            "failedAt", Instant.now().toString())))
        .mapEmpty();
  }

  public Future<JsonArray> list(int limit) {
    return Streams.oldest(redis, IngestKeys.DEAD_LETTERS, limit)
        .map(entries -> {
          JsonArray items = new JsonArray();
          entries.forEach(entry -> items.add(toJson(entry)));
          return items;
        });
  }

  /** Puts the entry back on its partition (past the dedupe check: it was accepted once already). */
  public Future<AcceptedContact> redrive(String deadLetterId) {
    return Streams.one(redis, IngestKeys.DEAD_LETTERS, deadLetterId)
        .compose(found -> {
          if (found == null) {
            return Future.failedFuture(new NotFound("dead letter " + deadLetterId));
          }
          Map<String, String> body = found.fields();
          int partition = Integer.parseInt(body.getOrDefault("partition", "0")) % keys.partitions();
          String contactId = body.get("contactId");
          return Streams.append(redis, keys.stream(partition), Map.of(
                  "contactId", contactId,
                  "contact", body.get("contact"),
                  "acceptedAt", Instant.now().toString(),
                  "redrivenFrom", deadLetterId))
              .compose(newId -> redis.call(c -> c.xdel(IngestKeys.DEAD_LETTERS, deadLetterId)))
              .map(deleted -> new AcceptedContact(contactId, false));
        });
  }

  private static JsonObject toJson(StreamEntry entry) {
    Map<String, String> body = entry.fields();
    JsonObject json = new JsonObject()
        .put("id", entry.id())
        .put("contactId", body.getOrDefault("contactId", ""))
        .put("error", body.getOrDefault("error", ""))
        .put("attempts", Long.parseLong(body.getOrDefault("attempts", "0")))
        .put("failedAt", body.getOrDefault("failedAt", Instant.EPOCH.toString()));
    try {
      json.put("contact", new JsonObject(body.getOrDefault("contact", "{}")));
    } catch (RuntimeException unreadable) {
      json.put("contact", new JsonObject().put("raw", body.getOrDefault("contact", "")));
    }
    return json;
  }

  /** Where the last processing error of a contact is kept. */
  public static String lastErrorKey(String contactId) {
    return "crm:ingest-error:" + contactId;
  }
}
