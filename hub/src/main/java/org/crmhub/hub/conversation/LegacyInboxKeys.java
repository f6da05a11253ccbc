package org.crmhub.hub.conversation;

import io.vertx.core.Future;
import java.util.List;
import org.crmhub.hub.redis.KeyScan;
import org.crmhub.hub.redis.OneTimeMigration;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.SortedSets;

/**
 * Moves the inbox index written before its keys shared the {@code {inbox}} hash tag
 * ({@code crm:inbox:*}) to the tagged keys, once, at start and before this hub files anything.
 * Each set is copied in pages without overwriting a member the tagged set has already (a newer
 * entry), and deleted only after its copy is written, so a start that stops midway moves the rest
 * next time. A marker records that the move is done, so later starts scan nothing.
 */
public final class LegacyInboxKeys {

  static final String MOVED = InboxIndex.PREFIX + "layout-tagged";
  private static final String LEGACY_PREFIX = "crm:inbox:";
  private static final int PAGE = 1_000;

  private final Redis redis;

  public LegacyInboxKeys(Redis redis) {
    this.redis = redis;
  }

  public Future<Void> migrate() {
    return new OneTimeMigration(redis, MOVED).runOnce(() -> moveAll(new KeyScan(redis, LEGACY_PREFIX + "*", 500)));
  }

  private Future<Void> moveAll(KeyScan scan) {
    if (scan.finished()) {
      return Future.succeededFuture();
    }
    return scan.next().compose(this::moveKeys).compose(v -> moveAll(scan));
  }

  private Future<Void> moveKeys(List<String> legacyKeys) {
    Future<Void> chain = Future.succeededFuture();
    for (String legacy : legacyKeys) {
      String tagged = InboxIndex.PREFIX + legacy.substring(LEGACY_PREFIX.length());
      chain = chain.compose(v -> copy(legacy, tagged, 0)).compose(v -> redis.call(c -> c.del(legacy))).mapEmpty();
    }
    return chain;
  }

  private Future<Void> copy(String legacy, String tagged, long from) {
    return SortedSets.lowestFirst(redis, legacy, from, from + PAGE - 1)
        .compose(page -> SortedSets.addAbsent(redis, tagged, page)
            .compose(v -> page.size() < PAGE ? Future.succeededFuture() : copy(legacy, tagged, from + PAGE)));
  }
}
