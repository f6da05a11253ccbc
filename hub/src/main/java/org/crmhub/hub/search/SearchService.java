package org.crmhub.hub.search;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.ObjLongConsumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.conversation.InboxIndex;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.failure.Invalid;
import org.crmhub.hub.redis.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full-text search over this hub's own index, shared by all its HTTP servers: opens the index
 * (rebuilding it from Redis when it is missing or unreadable), keeps it fed from the events stream,
 * makes new messages searchable within {@link #REFRESH_MS} (three seconds under a heavy write load,
 * {@link SearchIndex#refreshIfDue()}, though a search refreshes first and sees them) and durable every few refreshes, rebuilds
 * it when an admin asks every hub to ({@link RebuildRequests}, checked every {@link #REBUILD_CHECK_MS}),
 * and answers searches. All Lucene work runs on a small worker pool of its own, never on an event loop.
 */
public final class SearchService {

  /** How often written messages are made searchable (a search also does it first). */
  static final long REFRESH_MS = 250;
  /** How often the hub looks whether a rebuild was asked for. */
  static final long REBUILD_CHECK_MS = 1_000;
  /**
   * Commits happen every this many refresh ticks (3 s): a crash costs a replay of at most that much
   * of the stream, and each commit writes a segment of what is pending, as a busy refresh does.
   */
  private static final int REFRESHES_PER_COMMIT = 12;
  private static final Logger LOG = LoggerFactory.getLogger(SearchService.class);

  /** This hub's index as it is now; {@code rebuildStartedAt} is null unless a rebuild is under way. */
  public record IndexState(long documents, String position, long generation, long requestedGeneration,
      Instant rebuildStartedAt, Instant lastRebuildFinishedAt, Long lastRebuildMillis) {

    public boolean rebuilding() {
      return rebuildStartedAt != null;
    }
  }

  private final Vertx vertx;
  private final Path folder;
  private final Redis redis;
  private final Analyzer analyzer = SearchSchema.analyzer();
  private final SearchQueries queries = new SearchQueries(analyzer);
  private final Snippets snippets = new Snippets(analyzer);
  private final SearchRebuild rebuild;
  private final RebuildRequests requests;
  private final SearchUpdates updates;
  private final ObjLongConsumer<String> indexed;
  private WorkerExecutor lucene;
  private SearchIndex index;
  /** Replaced after a rebuild, to replay from where the rebuild began. */
  private SearchFeed feed;
  private Future<Void> filling = Future.succeededFuture();
  private Future<Void> rebuilding = Future.succeededFuture();
  private volatile Instant rebuildStartedAt;
  private volatile boolean running;
  private boolean following;
  private long refreshTimer = -1;
  private long rebuildCheckTimer = -1;
  private boolean refreshing;
  private int refreshes;

  /** @param indexed told how many messages were written, by source ({@code feed} or {@code rebuild}) */
  public SearchService(Vertx vertx, Path folder, Redis redis, InboxIndex inbox, ConversationStore conversations,
      CustomerStore customers, ObjLongConsumer<String> indexed) {
    this.vertx = vertx;
    this.folder = folder;
    this.redis = redis;
    this.indexed = indexed;
    ConversationDocuments documents = new ConversationDocuments(conversations, customers);
    this.rebuild = new SearchRebuild(redis, inbox, documents);
    this.requests = new RebuildRequests(redis);
    this.updates = new SearchUpdates(documents, new SearchUpdates.Index() {
      @Override
      public Future<Void> put(List<MessageDocument> written, String upTo) {
        return write(written, upTo, "feed");
      }

      @Override
      public Future<Set<String>> outdated(Map<String, String> stateByConversation) {
        return blocking(() -> index.outdated(stateByConversation));
      }

      @Override
      public Future<Void> erase(Set<String> conversationIds) {
        return blocking(() -> {
          index.erase(conversationIds);
          return null;
        });
      }
    });
    this.feed = newFeed();
  }

  private SearchFeed newFeed() {
    return new SearchFeed(vertx, redis, updates::apply);
  }

  /** Opens the index; filling it (when rebuilt) and following the stream go on in the background. */
  public Future<Void> start() {
    lucene = vertx.createSharedWorkerExecutor("crmhub-search", 2);
    running = true;
    return blocking(() -> SearchIndex.open(folder, analyzer))
        .recover(failure -> Future.failedFuture(failure instanceof org.apache.lucene.store.LockObtainFailedException
            ? new IllegalStateException("the search index in " + folder + " is open in another hub: each hub"
                + " needs a folder of its own (CRMHUB_SEARCH_DIR, or its own CRMHUB_DATA_DIR)", failure)
            : failure))
        .map(opened -> {
          index = opened;
          refreshTimer = vertx.setPeriodic(REFRESH_MS, id -> refreshAndCommit());
          filling = (opened.position() == null
                  ? requests.requested().compose(this::refill)
                  : Future.succeededFuture(opened.position()))
              .compose(position -> position != null && running ? feed.start(position) : Future.<Void>succeededFuture())
              .onSuccess(v -> {
                if (running) {
                  following = true;
                  rebuildCheckTimer = vertx.setPeriodic(REBUILD_CHECK_MS, id -> checkRebuildRequests());
                }
              })
              .onFailure(failure -> LOG.error("search index not kept current: {}", failure.toString()));
          return null;
        });
  }

  /** Fills an empty index from Redis; answers the position to follow on from, null when stopped early. */
  private Future<String> refill(long generation) {
    long started = System.nanoTime();
    rebuildStartedAt = Instant.now();
    index.startRebuild(generation);
    return rebuild.fill(messages -> write(messages, null, "rebuild"), () -> running)
        .compose(position -> position == null ? Future.succeededFuture(null)
            : blocking(() -> {
              index.put(List.of(), position);
              finish(generation, started);
              return position;
            }))
        .onComplete(done -> rebuildStartedAt = null);
  }

  /** Ends rebuild {@code generation}: drops what it did not rewrite, commits, makes it searchable. */
  private void finish(long generation, long startedNanos) throws java.io.IOException {
    long millis = (System.nanoTime() - startedNanos) / 1_000_000;
    index.finishRebuild(generation, Instant.now(), millis);
    LOG.info("search index rebuilt from Redis (generation {}): {} messages in {} ms", generation, index.size(),
        millis);
  }

  private void checkRebuildRequests() {
    if (!running || rebuildStartedAt != null) {
      return;
    }
    requests.requested()
        .onSuccess(this::rebuildIfBehind)
        .onFailure(failure -> LOG.warn("search index: could not read whether a rebuild was asked for: {}",
            failure.toString()));
  }

  /** Starts rebuilding for {@code requested} when the index is older and no rebuild is under way. */
  private void rebuildIfBehind(long requested) {
    if (!running || !following || rebuildStartedAt != null || requested <= index.generation()) {
      return;
    }
    long started = System.nanoTime();
    rebuildStartedAt = Instant.now();
    // the feed goes on meanwhile; once the rebuild is done it replays from here, so a message the
    // rebuild read before a change and wrote after the feed wrote the change is rewritten as it is now
    String replayFrom = index.position();
    index.startRebuild(requested);
    LOG.info("search index: rebuilding from Redis for generation {}", requested);
    rebuilding = rebuild.fill(messages -> write(messages, null, "rebuild"), () -> running)
        // a null position: the hub is stopping, the rebuild is left unfinished (it starts again at the next start)
        .compose(position -> position == null ? Future.<Void>succeededFuture() : blocking(() -> {
          finish(requested, started);
          return null;
        }).compose(v -> replayFrom(replayFrom)))
        .onFailure(failure -> LOG.warn("search index rebuild failed, it is tried again: {}", failure.toString()))
        .onComplete(done -> rebuildStartedAt = null)
        .otherwiseEmpty();
  }

  private Future<Void> replayFrom(String position) {
    return feed.stop().compose(v -> {
      feed = newFeed();
      return running ? feed.start(position) : Future.succeededFuture();
    });
  }

  /**
   * Asks every hub to rebuild its index from Redis (this one starts at once, the others at their
   * next check); answers this hub's index state.
   */
  public Future<IndexState> requestRebuild() {
    return requests.request().compose(generation -> {
      rebuildIfBehind(generation);
      return state();
    });
  }

  /** This hub's index: how many messages it holds, its position, and its rebuilds. */
  public Future<IndexState> state() {
    return requests.requested().compose(requested -> blocking(() -> {
      index.refresh();
      SearchIndex.LastRebuild last = index.lastRebuild();
      return new IndexState(index.size(), index.position(), index.generation(), requested, rebuildStartedAt,
          last == null ? null : last.finishedAt(), last == null ? null : last.millis());
    }));
  }

  private Future<Void> write(List<MessageDocument> messages, String upTo, String source) {
    return blocking(() -> {
      index.put(messages, upTo);
      return null;
    }).onSuccess(v -> indexed.accept(source, messages.size())).mapEmpty();
  }

  private void refreshAndCommit() {
    if (refreshing || !running) {
      return;
    }
    refreshing = true;
    boolean commit = ++refreshes % REFRESHES_PER_COMMIT == 0;
    blocking(() -> {
      if (commit) {
        // a commit writes a segment of what is pending anyway: searchable with it
        index.refresh();
        index.commit();
      } else {
        index.refreshIfDue();
      }
      return null;
    }).onComplete(done -> {
      refreshing = false;
      if (done.failed()) {
        LOG.warn("search index refresh failed: {}", done.cause().toString());
      }
    });
  }

  /**
   * One page of messages matching the request, newest first.
   *
   * @throws Invalid (as the failed future) when the query has nothing to look for
   */
  public Future<SearchResult.Page> search(SearchRequest request) {
    SearchQueries.Built query;
    try {
      query = queries.build(request);
    } catch (Invalid invalid) {
      return Future.failedFuture(invalid);
    }
    // searches need no order among themselves: several run at once
    return lucene.executeBlocking(() -> page(query, request), false);
  }

  private SearchResult.Page page(SearchQueries.Built query, SearchRequest request) throws java.io.IOException {
    List<SearchIndex.Hit> hits = index.search(query.query(), request.limit() + 1, request.after());
    List<SearchResult> items = new ArrayList<>();
    for (SearchIndex.Hit hit : hits.subList(0, Math.min(hits.size(), request.limit()))) {
      items.add(result(hit, query));
    }
    SearchCursor next = null;
    if (hits.size() > request.limit()) {
      SearchIndex.Hit last = hits.get(request.limit() - 1);
      next = new SearchCursor(last.atMillis(), last.messageId());
    }
    return new SearchResult.Page(items, next);
  }

  private SearchResult result(SearchIndex.Hit hit, SearchQueries.Built query) {
    Document stored = hit.stored();
    String text = stored.get(SearchSchema.TEXT);
    String subject = stored.get(SearchSchema.SUBJECT);
    Snippets.Snippet snippet = snippets.of(text != null && !text.isBlank() ? text : subject, query);
    return new SearchResult(stored.get(SearchSchema.CONVERSATION_ID), hit.messageId(),
        stored.get(SearchSchema.CUSTOMER_ID), stored.get(SearchSchema.CUSTOMER_NAME), stored.get(SearchSchema.CHANNEL),
        subject, Instant.ofEpochMilli(hit.atMillis()), stored.get(SearchSchema.AUTHOR), stored.get(SearchSchema.KIND),
        stored.get(SearchSchema.SENT_BY), stored.get(SearchSchema.STATUS), List.of(stored.getValues(SearchSchema.TAG)),
        stored.get(SearchSchema.ASSIGNEE), stored.get(SearchSchema.SENTIMENT), snippet.text(),
        snippet.highlights().stream().map(range -> new SearchResult.Highlight(range.start(), range.end())).toList());
  }

  /** Stops following, waits for the write under way, then commits and closes the index. */
  public Future<Void> stop() {
    if (lucene == null) {
      return Future.succeededFuture();
    }
    running = false;
    vertx.cancelTimer(refreshTimer);
    vertx.cancelTimer(rebuildCheckTimer);
    return feed.stop()
        .eventually(() -> filling.otherwiseEmpty())
        .eventually(() -> rebuilding)
        .eventually(() -> feed.stop())
        .eventually(() -> index == null ? Future.succeededFuture() : blocking(() -> {
          index.close();
          return null;
        }))
        .eventually(() -> lucene.close());
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return lucene.executeBlocking(work);
  }
}
