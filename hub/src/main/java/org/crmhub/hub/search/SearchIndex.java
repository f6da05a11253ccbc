package org.crmhub.hub.search;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This hub's Lucene index in one folder: one writer, and a near-real-time searcher over what it
 * wrote. The events-stream position the index holds everything up to is kept in the index's own
 * commits, so a restart goes on from there. Every method blocks (disk): call them off the event
 * loop. Writing the same message again replaces it, so replaying events is harmless.
 *
 * <p>A rebuild happens in place: every message written carries the number of the rebuild it was
 * written for ({@link #STAMP}); once a rebuild has rewritten every message Redis holds, the ones it
 * did not rewrite (gone from Redis) are deleted. Searches meanwhile answer from the index as it is.
 */
final class SearchIndex implements Closeable {

  /** The commit user-data key of the events-stream position. */
  static final String POSITION = "crmhub.events.position";
  /**
   * The commit user-data key of the {@link SearchSchema#VERSION} the index was written with (its
   * fields and its sort); an index of another version is rebuilt.
   */
  static final String SCHEMA = "crmhub.search.schema";
  /** Commit user-data keys: the rebuild generation the index was last rebuilt for, when, and how long it took. */
  static final String GENERATION = "crmhub.rebuild.generation";
  static final String REBUILT_AT = "crmhub.rebuild.finishedAt";
  static final String REBUILD_MILLIS = "crmhub.rebuild.millis";
  /** The field (points only, not stored) with the rebuild generation each message was written for. */
  static final String STAMP = "crmhub_generation";
  private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);

  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  /** The writer's merges, waited for by an erasure. */
  private final ConcurrentMergeScheduler mergeScheduler;
  private volatile String position;
  private volatile String committedPosition;
  /** Conversations remembered by {@link #writtenStates}: a few MB of digests. */
  private static final int WRITTEN_STATES_KEPT = 50_000;
  private final WrittenStates writtenStates = new WrittenStates(WRITTEN_STATES_KEPT);
  /** Bounds an erasure's merging: each round ends with no merge running, so more are rarely needed. */
  private static final int MERGE_ROUNDS_PER_ERASURE = 5;
  private volatile boolean changedSinceRefresh;
  /** Documents written since the last refresh, and when that was: see {@link #refreshIfDue()}. */
  private final AtomicLong documentsSinceRefresh = new AtomicLong();
  private volatile long lastRefreshNanos = System.nanoTime();
  static final int BUSY_DOCUMENTS = 100;
  static final long BUSY_REFRESH_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
  /** Counts writes; a write's number is taken once its documents are in the writer. */
  private final AtomicLong writes = new AtomicLong();
  /** Every write numbered up to this is searchable. */
  private volatile long searchableThrough;
  /** The number of the latest write of each conversation that may not be searchable yet. */
  private final Map<String, Long> lastWriteOf = new ConcurrentHashMap<>();
  private volatile long generation;
  private volatile long committedGeneration;
  /** The generation new writes carry: {@link #generation} except while a rebuild is under way. */
  private volatile long stamp;
  private volatile LastRebuild lastRebuild;

  /** When the last completed rebuild finished and how long it took. */
  record LastRebuild(Instant finishedAt, long millis) {}

  private SearchIndex(Directory directory, IndexWriter writer) throws IOException {
    this.directory = directory;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
    this.mergeScheduler = (ConcurrentMergeScheduler) writer.getConfig().getMergeScheduler();
    Map<String, String> stored = new HashMap<>();
    Iterable<Map.Entry<String, String>> userData = writer.getLiveCommitData();
    if (userData != null) {
      userData.forEach(entry -> stored.put(entry.getKey(), entry.getValue()));
    }
    this.position = stored.get(POSITION);
    this.committedPosition = position;
    this.generation = parseLong(stored.get(GENERATION), 0);
    this.committedGeneration = generation;
    this.stamp = generation;
    this.lastRebuild = lastRebuild(stored.get(REBUILT_AT), parseLong(stored.get(REBUILD_MILLIS), 0));
  }

  private static LastRebuild lastRebuild(String finishedAt, long millis) {
    try {
      return finishedAt == null ? null : new LastRebuild(Instant.parse(finishedAt), millis);
    } catch (java.time.format.DateTimeParseException unreadable) {
      return null;
    }
  }

  private static long parseLong(String value, long otherwise) {
    try {
      return value == null ? otherwise : Long.parseLong(value);
    } catch (NumberFormatException unreadable) {
      return otherwise;
    }
  }

  /**
   * Opens the index in {@code folder}; one that is missing, unreadable, from an older or newer
   * Lucene, or written with another {@link SearchSchema#VERSION} is deleted and started empty
   * ({@link #position()} null: it needs filling).
   */
  static SearchIndex open(Path folder, Analyzer analyzer) throws IOException {
    Files.createDirectories(folder);
    FSDirectory directory = FSDirectory.open(folder);
    boolean usable = readable(directory);
    if (!usable) {
      LOG.warn("search index in {} is missing or unreadable: it is rebuilt from Redis", folder);
      deleteContents(folder);
    }
    return new SearchIndex(directory, new IndexWriter(directory,
        config(analyzer, usable ? IndexWriterConfig.OpenMode.APPEND : IndexWriterConfig.OpenMode.CREATE)));
  }

  /**
   * Opens a new, empty index in {@code folder}, for a rebuild of a stopped hub's index: what the
   * folder held stays there until the first {@link #commit()}, so a rebuild that fails half-way
   * leaves the old index as it was.
   *
   * @throws org.apache.lucene.store.LockObtainFailedException when a running hub has the index open
   */
  static SearchIndex create(Path folder, Analyzer analyzer) throws IOException {
    Files.createDirectories(folder);
    FSDirectory directory = FSDirectory.open(folder);
    try {
      try {
        return new SearchIndex(directory, new IndexWriter(directory, created(analyzer)));
      } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException
          | NoSuchFileException | java.io.EOFException unreadable) {
        // even a new index reads the old one's last commit; one that cannot be read is no fallback: it goes
        LOG.warn("search index in {} is unreadable ({}): it is replaced", folder, unreadable.toString());
        try (org.apache.lucene.store.Lock lock = directory.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
          deleteContents(folder);
        }
        return new SearchIndex(directory, new IndexWriter(directory, created(analyzer)));
      }
    } catch (IOException | RuntimeException failed) {
      directory.close();
      throw failed;
    }
  }

  private static IndexWriterConfig created(Analyzer analyzer) {
    return config(analyzer, IndexWriterConfig.OpenMode.CREATE);
  }

  /**
   * Sorted newest first ({@link SearchSchema#NEWEST_FIRST}), so a search stops after its page instead
   * of visiting every match (a common word at a million messages took a tenth of a second).
   */
  private static IndexWriterConfig config(Analyzer analyzer, IndexWriterConfig.OpenMode mode) {
    // an erasure's forced merge must rewrite every segment holding an erased document, however few
    // of its documents those are (the default leaves segments under 10 % deleted as they are)
    org.apache.lucene.index.TieredMergePolicy merges = new org.apache.lucene.index.TieredMergePolicy();
    merges.setForceMergeDeletesPctAllowed(0);
    return new IndexWriterConfig(analyzer).setOpenMode(mode).setIndexSort(SearchSchema.NEWEST_FIRST)
        .setMergePolicy(merges).setMergeScheduler(new ConcurrentMergeScheduler());
  }

  private static boolean readable(Directory directory) throws IOException {
    if (!DirectoryReader.indexExists(directory)) {
      return false;
    }
    try (DirectoryReader reader = DirectoryReader.open(directory)) {
      Map<String, String> userData = reader.getIndexCommit().getUserData();
      // an index of another schema (fields the hub now filters on missing, another sort) is rebuilt like a lost one
      if (!SearchSchema.VERSION.equals(userData.get(SCHEMA))) {
        LOG.warn("search index of another schema ({}, now {})", userData.get(SCHEMA), SearchSchema.VERSION);
        return false;
      }
      return userData.containsKey(POSITION);
    } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException
        | IndexNotFoundException | NoSuchFileException | java.io.EOFException broken) {
      LOG.warn("search index unreadable: {}", broken.toString());
      return false;
    }
  }

  /** Deletes everything in {@code folder} but the write lock (held, or about to be, by this process). */
  private static void deleteContents(Path folder) throws IOException {
    try (Stream<Path> inside = Files.walk(folder)) {
      for (Path path : inside.sorted(Comparator.reverseOrder()).toList()) {
        if (!path.equals(folder) && !path.equals(folder.resolve(IndexWriter.WRITE_LOCK_NAME))) {
          Files.delete(path);
        }
      }
    }
  }

  /** The events-stream id everything up to which is in the index; null when it was never filled. */
  String position() {
    return position;
  }

  /** Writes (or replaces) messages, then moves the position to {@code upTo} (null: leaves it). */
  void put(List<MessageDocument> messages, String upTo) throws IOException {
    for (MessageDocument message : messages) {
      String state = message.conversation().state();
      writtenStates.writing(message.conversationId(), state);
      Document doc = SearchSchema.document(message, state);
      doc.add(new LongPoint(STAMP, stamp));
      writer.updateDocument(new Term(SearchSchema.MESSAGE_ID, message.messageId()), doc);
    }
    if (!messages.isEmpty()) {
      changedSinceRefresh = true;
      documentsSinceRefresh.addAndGet(messages.size());
      long written = writes.incrementAndGet();
      for (MessageDocument message : messages) {
        lastWriteOf.put(message.conversationId(), written);
      }
    }
    if (upTo != null) {
      position = upTo;
    }
  }

  /** The rebuild generation the index was last completely rebuilt for (0: never asked for one). */
  long generation() {
    return generation;
  }

  /** The last completed rebuild, or null when the index was never rebuilt (or before this was kept). */
  LastRebuild lastRebuild() {
    return lastRebuild;
  }

  /** Messages written from now on belong to rebuild {@code target}. */
  void startRebuild(long target) {
    // a rebuild writes what it read when it read it, beside the feed: nothing is known while it runs
    stamp = target;
    writtenStates.forgetAll();
  }

  /**
   * Ends rebuild {@code target}, every message Redis holds having been written since its
   * {@link #startRebuild}: deletes what it did not write, which Redis no longer holds, commits and
   * makes the result searchable.
   */
  void finishRebuild(long target, Instant finishedAt, long millis) throws IOException {
    BooleanQuery notRewritten = new BooleanQuery.Builder()
        .add(new MatchAllDocsQuery(), Occur.MUST)
        .add(LongPoint.newRangeQuery(STAMP, target, Long.MAX_VALUE), Occur.MUST_NOT)
        .build();
    writer.deleteDocuments(notRewritten);
    changedSinceRefresh = true;
    writtenStates.forgetAll();
    generation = target;
    lastRebuild = new LastRebuild(finishedAt, millis);
    commit();
    refresh();
  }

  /** Makes what was written durable with its position, when anything changed since the last commit. */
  void commit() throws IOException {
    String upTo = position;
    long built = generation;
    if (upTo == null
        || (upTo.equals(committedPosition) && built == committedGeneration && !writer.hasUncommittedChanges())) {
      return;
    }
    Map<String, String> userData = new HashMap<>();
    userData.put(POSITION, upTo);
    userData.put(SCHEMA, SearchSchema.VERSION);
    userData.put(GENERATION, Long.toString(built));
    LastRebuild rebuilt = lastRebuild;
    if (rebuilt != null) {
      userData.put(REBUILT_AT, rebuilt.finishedAt().toString());
      userData.put(REBUILD_MILLIS, Long.toString(rebuilt.millis()));
    }
    writer.setLiveCommitData(userData.entrySet());
    writer.commit();
    committedPosition = upTo;
    committedGeneration = built;
  }

  /**
   * Erases the conversations' documents for good: deleted, the segments that held them merged
   * without them, made searchable and committed, so no file of the index keeps their text once the
   * readers of before are closed (the writer deletes their files as the last search holding one
   * ends).
   */
  void erase(Set<String> conversationIds) throws IOException {
    if (conversationIds.isEmpty()) {
      return;
    }
    writtenStates.forget(conversationIds);
    writer.deleteDocuments(conversationIds.stream()
        .map(id -> new Term(SearchSchema.CONVERSATION_ID, id)).toArray(Term[]::new));
    // forceMergeDeletes leaves out a segment a merge is already rewriting (the data-dir test found
    // one): documents deleted before that merge began are gone only once it ends, ones deleted while
    // it runs stay in its result as deletions; so wait for every merge, and go again while any are left
    for (int round = 0; round < MERGE_ROUNDS_PER_ERASURE; round++) {
      writer.forceMergeDeletes(true);
      mergeScheduler.sync();
      if (!writer.hasDeletions()) {
        break;
      }
    }
    // the searcher now open may hold the segments of before: the refresh below lets them go
    changedSinceRefresh = true;
    refresh();
    commit();
  }

  /**
   * {@link #refresh()}, but under a heavy write load (more than {@value #BUSY_DOCUMENTS} documents
   * written since the last refresh) at most every {@link #BUSY_REFRESH_NANOS}: each refresh writes
   * a segment, and many small ones cost more to write and to merge again (bench/search/refresh-cost:
   * every 300 documents against every 1,200 about twice the CPU per document, every 1,200 against
   * every 3,600 1.4-1.8 times). A search refreshes first, so it sees everything written meanwhile.
   */
  void refreshIfDue() throws IOException {
    if (documentsSinceRefresh.get() <= BUSY_DOCUMENTS || System.nanoTime() - lastRefreshNanos >= BUSY_REFRESH_NANOS) {
      refresh();
    }
  }

  /** Makes what was written searchable, when anything was. */
  void refresh() throws IOException {
    if (changedSinceRefresh) {
      changedSinceRefresh = false;
      refreshNow();
    }
  }

  private void refreshNow() throws IOException {
    long through = writes.get();
    documentsSinceRefresh.set(0);
    lastRefreshNanos = System.nanoTime();
    // blocking: a refresh already under way may have started before the latest writes
    searchers.maybeRefreshBlocking();
    searchableThrough = Math.max(searchableThrough, through);
    lastWriteOf.values().removeIf(written -> written <= through);
  }

  /**
   * The conversations of which the index holds a document written with other facts than the
   * state given (a {@link ConversationFacts#state()} by conversation id). A conversation whose
   * documents are known to hold that state ({@link WrittenStates}) is not looked up. Looks at
   * everything written so far: when one of the conversations looked up was written since the last
   * refresh, it refreshes first (otherwise it does not, so a steady feed of new conversations does
   * not reopen the reader for each batch).
   */
  Set<String> outdated(Map<String, String> stateByConversation) throws IOException {
    Set<String> outdated = new HashSet<>();
    Map<String, String> unknown = new HashMap<>();
    stateByConversation.forEach((conversationId, state) -> {
      if (!writtenStates.known(conversationId, state)) {
        unknown.put(conversationId, state);
      }
    });
    if (unknown.isEmpty()) {
      return outdated;
    }
    // a write by anyone else meanwhile (a rebuild) may hold other facts than the answer below
    long writtenBefore = writes.get();
    // a reader that may miss a write of one of these conversations would judge it by older documents
    long searchable = searchableThrough;
    if (unknown.keySet().stream().anyMatch(id -> lastWriteOf.getOrDefault(id, 0L) > searchable)) {
      refreshNow();
    }
    IndexSearcher searcher = searchers.acquire();
    try {
      for (Map.Entry<String, String> conversation : unknown.entrySet()) {
        Query other = new BooleanQuery.Builder()
            .add(new TermQuery(new Term(SearchSchema.CONVERSATION_ID, conversation.getKey())), Occur.FILTER)
            .add(new TermQuery(new Term(SearchSchema.CONVERSATION_STATE, conversation.getValue())), Occur.MUST_NOT)
            .build();
        if (searcher.count(other) > 0) {
          outdated.add(conversation.getKey());
        } else if (stamp == generation && writes.get() == writtenBefore) {
          writtenStates.learn(conversation.getKey(), conversation.getValue());
        }
      }
      return outdated;
    } finally {
      searchers.release(searcher);
    }
  }

  /** A hit: its sort keys (for the cursor) and its stored fields. */
  record Hit(long atMillis, String messageId, Document stored) {}

  /** Up to {@code limit} hits, newest first, after {@code after} (null: from the first). */
  List<Hit> search(Query query, int limit, SearchCursor after) throws IOException {
    refresh();
    IndexSearcher searcher = searchers.acquire();
    try {
      int lastDoc = searcher.getIndexReader().maxDoc() - 1;
      if (lastDoc < 0) {
        return List.of();
      }
      // the message id makes every position unique; the highest doc keeps the cursor's own message out
      FieldDoc from = after == null ? null
          : new FieldDoc(lastDoc, Float.NaN, new Object[] {after.atMillis(), new BytesRef(after.messageId())});
      TopFieldDocs top = searcher.searchAfter(from, query, limit, SearchSchema.NEWEST_FIRST, false);
      List<Hit> hits = new ArrayList<>();
      for (ScoreDoc scoreDoc : top.scoreDocs) {
        FieldDoc fieldDoc = (FieldDoc) scoreDoc;
        hits.add(new Hit((Long) fieldDoc.fields[0], ((BytesRef) fieldDoc.fields[1]).utf8ToString(),
            searcher.storedFields().document(scoreDoc.doc)));
      }
      return hits;
    } finally {
      searchers.release(searcher);
    }
  }

  /** How many messages the index holds (as of the last refresh). */
  int size() throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return searcher.getIndexReader().numDocs();
    } finally {
      searchers.release(searcher);
    }
  }

  /** Closes without committing anything written since the last commit. */
  void discard() throws IOException {
    try {
      writer.rollback();
    } finally {
      searchers.close();
      directory.close();
    }
  }

  /** Commits and closes. */
  @Override
  public void close() throws IOException {
    try {
      commit();
    } finally {
      searchers.close();
      writer.close();
      directory.close();
    }
  }
}
