package org.crmhub.hub.search;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.lucene.store.LockObtainFailedException;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.conversation.InboxIndex;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.redis.Redis;

/**
 * Rebuilds a stopped hub's index from Redis into a new index in its folder, as the hub would at
 * start, and leaves it committed with the events position and the rebuild generation, so the hub
 * goes on from there when it starts. The old index stays until the new one is complete.
 */
public final class StoppedHubRebuild implements Closeable {

  /** The index is held by a running hub (Lucene's write lock). */
  public static final class IndexInUse extends Exception {
    IndexInUse(Path folder, Throwable cause) {
      super("the search index in " + folder + " is open in a running hub: stop that hub first, or ask every"
          + " running hub to rebuild its own index with POST /api/v1/search/index/rebuild", cause);
    }
  }

  /** What the rebuild wrote. */
  public record Outcome(long messages, long millis, String position, long generation) {}

  private final SearchIndex index;
  private volatile boolean finished;

  private StoppedHubRebuild(SearchIndex index) {
    this.index = index;
  }

  /** Takes the index's write lock, which fails at once while a hub has it open. Blocks (disk). */
  public static StoppedHubRebuild open(Path folder) throws IOException, IndexInUse {
    try {
      return new StoppedHubRebuild(SearchIndex.create(folder, SearchSchema.analyzer()));
    } catch (LockObtainFailedException held) {
      throw new IndexInUse(folder, held);
    }
  }

  /** Fills the new index from Redis and commits it; each page is written on a worker thread. */
  public Future<Outcome> run(Vertx vertx, Redis redis) {
    long started = System.nanoTime();
    SearchRebuild rebuild = new SearchRebuild(redis, new InboxIndex(redis),
        new ConversationDocuments(new ConversationStore(redis), new CustomerStore(redis)));
    return new RebuildRequests(redis).requested().compose(generation -> {
      index.startRebuild(generation);
      return rebuild.fill(messages -> vertx.<Void>executeBlocking(() -> {
            index.put(messages, null);
            return null;
          }), () -> true)
          .compose(position -> vertx.executeBlocking(() -> {
            long millis = (System.nanoTime() - started) / 1_000_000;
            index.put(List.of(), position);
            index.finishRebuild(generation, Instant.now(), millis);
            finished = true;
            return new Outcome(index.size(), millis, position, generation);
          }));
    });
  }

  /** Closes the index; one not completely rebuilt is dropped, leaving what the folder held before. */
  @Override
  public void close() throws IOException {
    if (finished) {
      index.close();
    } else {
      index.discard();
    }
  }
}
