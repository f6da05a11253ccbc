package org.crmhub.hub.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Indexing and query benchmark of the hub's search index (bench/search/run; see bench/README.md).
 * Generates messages from a word list with Zipf-like frequencies, indexes them through the hub's
 * own write path ({@link SearchIndex#put}, the Document {@link SearchSchema#document} builds) and,
 * in the same run, through a bare Lucene IndexWriter with the same analyzers and equivalent fields,
 * then times queries against the hub's index the way {@code SearchService.search} answers them
 * (query built by {@link SearchQueries}, {@link SearchIndex#search}, a {@link Snippets} snippet per hit).
 *
 * <p>It is compiled into the hub's package (with javac, the hub jar on the class path) because
 * those classes are package-private. Everything derives from a seed: two runs index the same text.
 */
public final class SearchIndexBench {

  private static final int BATCH = 500;
  private static final int LIMIT = 25;
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final long SPAN_MILLIS = Duration.ofDays(730).toMillis();
  private static final String[] CHANNELS = {"email", "phone", "sms", "x", "messenger", "instagram", "portal", "api"};
  private static final String[] STATUSES = {"open", "open", "pending", "closed"};
  private static final String[] SENTIMENTS = {"negative", "neutral", "positive"};
  private static final double[] CHANNEL_SHARE = {0.35, 0.10, 0.12, 0.10, 0.10, 0.05, 0.13, 0.05};

  /** Common words of customer messages, most frequent first; a generated long tail follows. */
  private static final String[] COMMON = ("the i to and a my you of is it for in have this on not was with that"
      + " be but me order can your please we are at hi from so no just get do what there about thanks"
      + " they would when if will been had an or all has one help any out still as received its up"
      + " by our how why their time could need again account here days now delivery refund back"
      + " package number know did email week yesterday phone payment card today since want tried"
      + " call someone customer service item wrong broken replacement sent return address update"
      + " hello thank problem issue waiting tracking shipped arrived cancel charged twice invoice"
      + " subscription password login app website error message working support contact store"
      + " price discount code coupon size colour color exchange warranty damaged missing late"
      + " weeks month money bank transfer credit balance bill charge fee plan upgrade downgrade"
      + " blender kettle laptop headphones charger battery screen shoes jacket sofa table lamp"
      + " courier driver parcel box label postcode door neighbour collection pickup depot"
      + " urgent asap disappointed happy great awful terrible excellent quick slow rude lovely"
      + " manager supervisor complaint feedback review survey chat agent reply answer response"
      + " monday tuesday wednesday thursday friday saturday sunday morning afternoon evening"
      + " london berlin paris madrid rome dublin vienna amsterdam brussels lisbon prague warsaw"
      + " ordered delivered refunded cancelled charged returned opened closed fixed changed"
      + " please could should would might must will shall can may").split(" ");
  private static final String[] SYLLABLES = ("ka lo mi ne ru sa te vo bi da fe gu ha ji ko lu ma no pe qui ra"
      + " si to ul ve wa xe yo ze an el in or un ar er ir ost ent ing ion ers est ful").split(" ");
  private static final String[] FIRST = ("Ann Ben Carla Dmitri Elena Farid Grace Hugo Ines Jonas Kemal Lena"
      + " Marta Noah Olga Pavel Quinn Rosa Samir Tess Umar Vera Wim Xenia Yusuf Zoe Aoife Bruno Chen"
      + " Dara Emil Fatima Giulia Hana Ivan Jana Karl Luis Mia Nils").split(" ");
  private static final String[] LAST = ("Smith Müller Garcia Rossi Novak Kowalski Dubois Jensen Silva"
      + " Murphy Schmidt Fischer Weber Costa Horvat Nowak Petrov Yilmaz Berg Larsen Moreau Romano"
      + " Santos Keller Wagner Becker Hoffmann Schulz Koch Richter Klein Wolf Neumann Braun").split(" ");

  private final int messages;
  private final int conversations;
  private final int customers;
  private final long seed;
  private final String[] vocabulary;
  private final double[] cumulative;

  private SearchIndexBench(int messages, int conversations, int customers, int vocabularySize, long seed) {
    this.messages = messages;
    this.conversations = conversations;
    this.customers = customers;
    this.seed = seed;
    this.vocabulary = vocabulary(vocabularySize, seed);
    this.cumulative = new double[vocabulary.length];
    double sum = 0;
    for (int rank = 0; rank < vocabulary.length; rank++) {
      sum += 1.0 / Math.pow(rank + 1, 1.05);
      cumulative[rank] = sum;
    }
    for (int rank = 0; rank < cumulative.length; rank++) {
      cumulative[rank] /= sum;
    }
  }

  private static String[] vocabulary(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ 0x5eed);
    java.util.LinkedHashSet<String> words = new java.util.LinkedHashSet<>(Arrays.asList(COMMON));
    while (words.size() < size) {
      StringBuilder word = new StringBuilder();
      int syllables = 2 + random.nextInt(3);
      for (int i = 0; i < syllables; i++) {
        word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
      }
      words.add(word.toString());
    }
    return words.toArray(String[]::new);
  }

  private String word(SplittableRandom random) {
    int rank = Arrays.binarySearch(cumulative, random.nextDouble());
    return vocabulary[rank < 0 ? Math.min(-rank - 1, vocabulary.length - 1) : rank];
  }

  private String words(SplittableRandom random, int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      String next = word(random);
      if (i == 0) {
        text.append(Character.toUpperCase(next.charAt(0))).append(next, 1, next.length());
      } else {
        text.append(random.nextInt(9) == 0 ? ". " : random.nextInt(12) == 0 ? ", " : " ").append(next);
      }
      if (random.nextInt(40) == 0) {
        text.append(" #").append(100_000 + random.nextInt(900_000));
      }
    }
    return text.append(random.nextInt(4) == 0 ? "?" : ".").toString();
  }

  private static String channel(int conversation) {
    double pick = new SplittableRandom(conversation * 31L + 7).nextDouble();
    for (int i = 0; i < CHANNELS.length; i++) {
      pick -= CHANNEL_SHARE[i];
      if (pick < 0) {
        return CHANNELS[i];
      }
    }
    return CHANNELS[0];
  }

  private String customerId(int customer) {
    return "cus_bench" + customer;
  }

  private static String customerName(int customer) {
    return FIRST[customer % FIRST.length] + " " + LAST[(customer / FIRST.length) % LAST.length];
  }

  private static String identity(String channel, int customer) {
    return switch (channel) {
      case "email", "portal", "api" -> "email:" + customerName(customer).toLowerCase(Locale.ROOT)
          .replace(' ', '.').replace("ü", "ue") + customer + "@example.com";
      case "phone", "sms" -> "phone:+4930" + (10_000_000 + customer);
      default -> channel + ":" + (900_000_000L + customer);
    };
  }

  /** Message {@code i}: the same for the same seed, whichever index it goes to. */
  MessageDocument message(int i) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
    int conversation = random.nextInt(conversations);
    int customer = conversation % customers;
    String channel = channel(conversation);
    long at = START.toEpochMilli() + (long) ((double) i / messages * SPAN_MILLIS) + random.nextInt(60_000);
    int length = 4 + (int) Math.min(120, -Math.log(1 - random.nextDouble()) * 18);
    String subject = channel.equals("email") ? words(new SplittableRandom(conversation), 3 + conversation % 4) : null;
    ConversationFacts facts = new ConversationFacts(customerId(customer), customerName(customer),
        STATUSES[conversation % STATUSES.length], conversation % 7 == 0 ? List.of("billing") : List.of(),
        conversation % 3 == 0 ? null : "agent" + conversation % 20);
    return new MessageDocument("msg_bench" + i, "conv_bench" + conversation, facts, channel, subject,
        words(random, length), null, identity(channel, customer), MessageDocument.Author.CUSTOMER,
        MessageDocument.Kind.MESSAGE, null, SENTIMENTS[random.nextInt(SENTIMENTS.length)], Instant.ofEpochMilli(at));
  }

  /** The bare baseline's document: the same fields and analysis, written by hand. */
  private static Document bare(MessageDocument m) {
    Document doc = new Document();
    doc.add(new StringField("messageId", m.messageId(), Field.Store.YES));
    doc.add(new SortedDocValuesField("messageId", new BytesRef(m.messageId())));
    doc.add(new StringField("conversationId", m.conversationId(), Field.Store.YES));
    ConversationFacts facts = m.conversation();
    doc.add(new StringField("customerId", facts.customerId(), Field.Store.YES));
    doc.add(new StringField("channel", m.channel(), Field.Store.YES));
    doc.add(new StringField("status", facts.status(), Field.Store.YES));
    for (String tag : facts.tags()) {
      doc.add(new StringField("tag", tag, Field.Store.YES));
    }
    doc.add(new StringField("assignee", facts.assignee() == null ? "none" : facts.assignee(), Field.Store.YES));
    doc.add(new StringField("sentiment", m.sentiment(), Field.Store.YES));
    doc.add(new StringField("author", "customer", Field.Store.YES));
    doc.add(new StringField("kind", "message", Field.Store.YES));
    doc.add(new StoredField("customerName", facts.customerName()));
    if (m.subject() != null) {
      doc.add(new StoredField("subject", m.subject()));
    }
    doc.add(new StoredField("text", m.text()));
    long at = m.at().toEpochMilli();
    doc.add(new LongPoint("at", at));
    doc.add(new NumericDocValuesField("at", at));
    doc.add(new StoredField("at", at));
    String from = m.from().substring(m.from().indexOf(':') + 1);
    doc.add(new StringField("from", from, Field.Store.NO));
    for (String searchable : new String[] {m.text(), m.subject(), facts.customerName(), from}) {
      if (searchable != null) {
        doc.add(new TextField("all_en", searchable, Field.Store.NO));
        doc.add(new TextField("all_std", searchable, Field.Store.NO));
        doc.add(new Field("all_prefix", searchable, SearchSchema.PREFIX_TYPE));
      }
    }
    return doc;
  }

  private interface BatchWriter {
    void write(List<MessageDocument> batch, int upTo) throws IOException;
  }

  /** Indexes messages [0, count) in batches; answers the nanoseconds spent writing (generation excluded). */
  private long index(int count, BatchWriter writer) throws IOException {
    long spent = 0;
    List<MessageDocument> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < count; i++) {
      batch.add(message(i));
      if (batch.size() == BATCH || i == count - 1) {
        long started = System.nanoTime();
        writer.write(batch, i);
        spent += System.nanoTime() - started;
        batch.clear();
      }
    }
    return spent;
  }

  private long indexHub(Path folder, int count) throws IOException {
    try (SearchIndex index = SearchIndex.open(folder, SearchSchema.analyzer())) {
      long spent = index(count, (batch, upTo) -> index.put(batch, "1-" + upTo));
      long started = System.nanoTime();
      index.commit();
      return spent + System.nanoTime() - started;
    }
  }

  private long indexBare(Path folder, int count) throws IOException {
    try (FSDirectory directory = FSDirectory.open(folder);
        IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(SearchSchema.analyzer())
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
            // sorted as the hub's index is (newest first), so both write the same index
            .setIndexSort(new Sort(new SortField("at", SortField.Type.LONG, true),
                new SortField("messageId", SortField.Type.STRING))))) {
      long spent = index(count, (batch, upTo) -> {
        for (MessageDocument message : batch) {
          writer.addDocument(bare(message));
        }
      });
      long started = System.nanoTime();
      writer.commit();
      return spent + System.nanoTime() - started;
    }
  }

  /** One timed search as SearchService answers it: build, search, a snippet per hit. */
  private static int answer(SearchIndex index, SearchQueries queries, Snippets snippets, SearchRequest request)
      throws IOException {
    SearchQueries.Built query = queries.build(request);
    List<SearchIndex.Hit> hits = index.search(query.query(), request.limit() + 1, request.after());
    for (SearchIndex.Hit hit : hits.subList(0, Math.min(hits.size(), request.limit()))) {
      String text = hit.stored().get(SearchSchema.TEXT);
      String subject = hit.stored().get(SearchSchema.SUBJECT);
      snippets.of(text != null && !text.isBlank() ? text : subject, query);
    }
    return Math.min(hits.size(), request.limit());
  }

  private String midWord(SplittableRandom random) {
    return vocabulary[20 + random.nextInt(Math.min(3_000, vocabulary.length - 20))];
  }

  /** A first page for {@code q} with the filters the kinds use (null for any). */
  private static SearchRequest request(String q, String channel, String customerId, Instant from, Instant to) {
    return new SearchRequest(q, new SearchFilters(channel, customerId, null, null, null, null, null, null, from, to, false),
        LIMIT, null);
  }

  private Map<String, IntFunction<SearchRequest>> queryKinds(int indexed) {
    Map<String, IntFunction<SearchRequest>> kinds = new java.util.LinkedHashMap<>();
    kinds.put("single word", n -> {
      SplittableRandom random = new SplittableRandom(seed + 101 * n);
      return request(midWord(random), null, null, null, null);
    });
    kinds.put("common word", n -> {
      SplittableRandom random = new SplittableRandom(seed + 103 * n);
      return request(vocabulary[random.nextInt(40)], null, null, null, null);
    });
    kinds.put("two words", n -> {
      SplittableRandom random = new SplittableRandom(seed + 107 * n);
      return request(midWord(random) + " " + word(random), null, null, null, null);
    });
    kinds.put("phrase", n -> {
      String[] text = message(new SplittableRandom(seed + 109 * n).nextInt(indexed)).text()
          .replaceAll("[^\\p{L}\\p{N} ]", "").split(" ");
      int at = new SplittableRandom(n).nextInt(Math.max(1, text.length - 1));
      String phrase = text.length < 2 ? text[0] : text[at] + " " + text[at + 1];
      return request("\"" + phrase + "\"", null, null, null, null);
    });
    kinds.put("prefix", n -> {
      String word = midWord(new SplittableRandom(seed + 113 * n));
      return request(word.substring(0, Math.min(4, word.length())) + "*", null, null, null, null);
    });
    kinds.put("word + channel", n -> {
      SplittableRandom random = new SplittableRandom(seed + 127 * n);
      return request(midWord(random), CHANNELS[random.nextInt(CHANNELS.length)], null, null, null);
    });
    kinds.put("word + customerId", n -> {
      SplittableRandom random = new SplittableRandom(seed + 131 * n);
      return request(vocabulary[random.nextInt(200)], null, customerId(random.nextInt(customers)), null,
          null);
    });
    kinds.put("word + status", n -> {
      SplittableRandom random = new SplittableRandom(seed + 139 * n);
      return new SearchRequest(midWord(random), new SearchFilters(null, null, STATUSES[random.nextInt(STATUSES.length)],
          null, null, null, null, null, null, null, false), LIMIT, null);
    });
    kinds.put("word + 30 days", n -> {
      SplittableRandom random = new SplittableRandom(seed + 137 * n);
      Instant from = START.plusMillis((long) (random.nextDouble() * (SPAN_MILLIS - Duration.ofDays(30).toMillis())));
      return request(midWord(random), null, null, from, from.plus(Duration.ofDays(30)));
    });
    return kinds;
  }

  private void queries(Path folder, int indexed, int samples, int warmup) throws IOException {
    var analyzer = SearchSchema.analyzer();
    SearchQueries queries = new SearchQueries(analyzer);
    Snippets snippets = new Snippets(analyzer);
    try (SearchIndex index = SearchIndex.open(folder, analyzer)) {
      System.out.printf("query latency over %,d messages, %d samples per kind after %d warm-up ones, limit %d,"
          + " one thread:%n", index.size(), samples, warmup, LIMIT);
      System.out.printf("  %-18s %9s %9s %9s %9s%n", "kind", "p50 ms", "p99 ms", "max ms", "hits avg");
      for (Map.Entry<String, IntFunction<SearchRequest>> kind : queryKinds(indexed).entrySet()) {
        for (int n = 0; n < warmup; n++) {
          answer(index, queries, snippets, kind.getValue().apply(1_000_000 + n));
        }
        long[] nanos = new long[samples];
        long hits = 0;
        for (int n = 0; n < samples; n++) {
          SearchRequest request = kind.getValue().apply(n);
          long started = System.nanoTime();
          hits += answer(index, queries, snippets, request);
          nanos[n] = System.nanoTime() - started;
        }
        Arrays.sort(nanos);
        System.out.printf("  %-18s %9.2f %9.2f %9.2f %9.1f%n", kind.getKey(), percentile(nanos, 50),
            percentile(nanos, 99), nanos[nanos.length - 1] / 1e6, (double) hits / samples);
      }
    }
  }

  private static double percentile(long[] sorted, int p) {
    int at = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, at))] / 1e6;
  }

  private static long folderBytes(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      return files.mapToLong(path -> path.toFile().length()).sum();
    }
  }

  private void delete(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (var inside = Files.walk(folder)) {
      for (Path path : inside.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new java.util.HashMap<>(Map.of("--messages", "1000000", "--samples", "300",
        "--warmup", "100", "--seed", "22", "--vocabulary", "30000", "--warmup-messages", "20000",
        "--rounds", "2"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!options.containsKey(args[i]) && !List.of("--dir", "--conversations", "--customers").contains(args[i])) {
        System.err.println("SearchIndexBench: unknown option " + args[i]);
        System.exit(2);
      }
      options.put(args[i], args[i + 1]);
    }
    int messages = Integer.parseInt(options.get("--messages"));
    int conversations = Integer.parseInt(options.getOrDefault("--conversations", Integer.toString(Math.max(1, messages / 10))));
    int customers = Integer.parseInt(options.getOrDefault("--customers", Integer.toString(Math.max(1, conversations / 2))));
    Path dir = Path.of(options.get("--dir"));
    SearchIndexBench bench = new SearchIndexBench(messages, conversations, customers,
        Integer.parseInt(options.get("--vocabulary")), Long.parseLong(options.get("--seed")));
    int warmupMessages = Math.min(messages, Integer.parseInt(options.get("--warmup-messages")));
    System.out.printf("%,d messages over %,d conversations and %,d customers; %,d-word vocabulary, Zipf s=1.05;"
        + " e.g. \"%s\"%n", messages, conversations, customers, bench.vocabulary.length, bench.message(1).text());

    // both paths once on a small index first, so neither pays the JIT's warm-up in its figure; then
    // rounds in the order bare, hub, hub, bare, ... so that drift on a busy machine hits both alike
    bench.indexHub(dir.resolve("warm-hub"), warmupMessages);
    bench.indexBare(dir.resolve("warm-bare"), warmupMessages);
    int rounds = Integer.parseInt(options.get("--rounds"));
    double bestBare = 0;
    double bestHub = 0;
    System.out.printf("indexing %,d messages, one thread, generation of the text not counted, %d round(s) each:%n",
        messages, rounds);
    for (int round = 0; round < 2 * rounds; round++) {
      boolean hub = round % 4 == 1 || round % 4 == 2;
      Path folder = dir.resolve(hub ? "hub" : "bare");
      bench.delete(folder);
      long nanos = hub ? bench.indexHub(folder, messages) : bench.indexBare(folder, messages);
      double rate = messages / (nanos / 1e9);
      System.out.printf("  %-40s %,10.0f docs/s (%.1f s, index %,d MB)%n",
          hub ? "hub SearchIndex.put (updateDocument):" : "bare Lucene IndexWriter.addDocument:", rate, nanos / 1e9,
          folderBytes(folder) >> 20);
      if (hub) {
        bestHub = Math.max(bestHub, rate);
      } else {
        bestBare = Math.max(bestBare, rate);
      }
    }
    System.out.printf("  best of each: bare %,.0f docs/s, hub %,.0f docs/s, hub / bare %.2f%n", bestBare, bestHub,
        bestHub / bestBare);
    bench.queries(dir.resolve("hub"), messages, Integer.parseInt(options.get("--samples")),
        Integer.parseInt(options.get("--warmup")));
  }
}
