package org.crmhub.hub.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.hub.JsonFields;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.StreamEntry;
import org.crmhub.hub.redis.Streams;

/**
 * Who accessed which personal data, when and from where: one Redis stream ({@link #STREAM}, a
 * single key, so it lives in one slot of a cluster), appended to as staff and API keys view,
 * export, erase, merge and split customers and download attachments. An entry's time is its stream
 * id's (Redis's clock, the same for every hub). Entries older than the retention drop off as new
 * ones are appended, and by {@link #trim()}, which the hub runs periodically so an idle trail is
 * trimmed too; listings never show them.
 */
public final class AuditTrail {

  public static final String STREAM = "crm:audit";
  /** Entries read from Redis per round trip of a listing. */
  static final int SCAN_BATCH = 200;
  /** Entries one listing request looks at, at most: past it, the page ends with a cursor to go on from. */
  static final int SCAN_BUDGET = 2_000;

  private final Redis redis;
  private final Duration retention;
  private final Clock clock;

  public AuditTrail(Redis redis, Duration retention, Clock clock) {
    this.redis = redis;
    this.retention = retention;
    this.clock = clock;
  }

  public Duration retention() {
    return retention;
  }

  /** Appends the entry durably (the caller answers only once this succeeds). */
  public Future<Void> record(AuditEntry entry) {
    return Streams.appendDroppingBefore(redis, STREAM, oldestKeptId(), entry.fields()).mapEmpty();
  }

  /** Appends the entry under the given id, which must be above the newest entry's: for imports and tests. */
  Future<Void> recordWithId(String id, AuditEntry entry) {
    return Streams.appendWithId(redis, STREAM, id, entry.fields()).mapEmpty();
  }

  /** Drops every entry older than the retention; answers how many went. */
  public Future<Long> trim() {
    return Streams.dropBefore(redis, STREAM, oldestKeptId());
  }

  /**
   * The entries the query asks for, newest first. Reads in batches from the newest down and stops
   * after {@link #SCAN_BUDGET} entries, so a rare filter over a long trail costs each request the
   * same bounded work; the cursor goes on from where it stopped.
   */
  public Future<AuditPage> page(AuditQuery query) {
    long oldestKept = oldestKeptMillis();
    long lowest = query.from() == null ? oldestKept : Math.max(oldestKept, query.from().toEpochMilli());
    String before = query.cursor();
    if (before == null && query.to() != null) {
      long toExclusive = query.to().toEpochMilli() + 1;
      if (toExclusive <= lowest) {
        return Future.succeededFuture(new AuditPage(List.of(), null));
      }
      before = toExclusive + "-0";
    }
    return scan(query, before, Math.max(0, lowest) + "-0", new ArrayList<>(), SCAN_BUDGET);
  }

  private Future<AuditPage> scan(AuditQuery query, String before, String lowest, List<JsonObject> found,
      int budget) {
    int batch = Math.min(SCAN_BATCH, budget);
    return Streams.newestFirst(redis, STREAM, before, lowest, batch).compose(entries -> {
      for (int i = 0; i < entries.size(); i++) {
        StreamEntry entry = entries.get(i);
        if (query.matches(entry)) {
          found.add(json(entry));
          if (found.size() == query.limit()) {
            boolean lastOfAll = entries.size() < batch && i == entries.size() - 1;
            return Future.succeededFuture(new AuditPage(found, lastOfAll ? null : entry.id()));
          }
        }
      }
      if (entries.size() < batch) {
        return Future.succeededFuture(new AuditPage(found, null));
      }
      String lastSeen = entries.get(entries.size() - 1).id();
      int left = budget - entries.size();
      return left <= 0
          ? Future.succeededFuture(new AuditPage(found, lastSeen))
          : scan(query, lastSeen, lowest, found, left);
    });
  }

  private static JsonObject json(StreamEntry entry) {
    JsonObject json = new JsonObject()
        .put("id", entry.id())
        .put("at", Instant.ofEpochMilli(entry.appendedAtMillis()).toString())
        .put("action", entry.field(AuditEntry.ACTION))
        .put("actor", entry.field(AuditEntry.ACTOR))
        .put("targetType", entry.field(AuditEntry.TARGET_TYPE))
        .put("targetId", entry.field(AuditEntry.TARGET_ID))
        .put("clientAddress", entry.field(AuditEntry.CLIENT_ADDRESS));
    JsonFields.putIfPresent(json, "customerId", entry.field(AuditEntry.CUSTOMER_ID));
    JsonFields.putIfPresent(json, "detail", entry.field(AuditEntry.DETAIL));
    return json;
  }

  private long oldestKeptMillis() {
    return Math.max(0, clock.millis() - retention.toMillis());
  }

  private String oldestKeptId() {
    return oldestKeptMillis() + "-0";
  }
}
