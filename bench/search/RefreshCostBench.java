package org.crmhub.hub.search;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What refreshing the index often costs while it is written to: the same messages written in the
 * feed's batches of 50 into a fresh index, refreshed every {@code often} documents (the 250 ms of a
 * quiet hub at 1,200 messages/s) against every {@code seldom} (once a second at that rate), each
 * committed every {@code seldom}. Reports the process's CPU time per document (merge threads
 * included) and the ratio; rounds alternate, the first warms the JIT. See bench/README.md.
 *
 * <p>usage: RefreshCostBench [documents per run, 60000] [rounds, 3] [often, 300] [seldom, 1200]
 */
public final class RefreshCostBench {

  private static final int BATCH = 50;

  public static void main(String[] args) throws Exception {
    int documents = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int often = args.length > 2 ? Integer.parseInt(args[2]) : 300;
    int seldom = args.length > 3 ? Integer.parseInt(args[3]) : 1_200;
    Random random = new Random(1);
    String[] words = new String[5_000];
    for (int i = 0; i < words.length; i++) {
      words[i] = Long.toString(random.nextLong() & 0xffffffffL, 36);
    }
    for (int round = 0; round < rounds; round++) {
      double oftenMicros = cpuMicrosPerDocument(documents, often, seldom, words, new Random(round));
      double seldomMicros = cpuMicrosPerDocument(documents, seldom, seldom, words, new Random(round));
      System.out.printf("round %d%s: refresh every %d documents %.1f µs CPU/document, every %d %.1f µs;"
          + " ratio %.2f%n", round, round == 0 ? " (warm-up)" : "", often, oftenMicros, seldom, seldomMicros,
          seldomMicros / oftenMicros);
    }
  }

  private static double cpuMicrosPerDocument(int documents, int refreshEvery, int commitEvery, String[] words,
      Random random) throws Exception {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (SearchIndex index = SearchIndex.open(Files.createTempDirectory("refresh-cost"), SearchSchema.analyzer())) {
      long cpuBefore = os.getProcessCpuTime();
      for (int written = 0; written < documents; ) {
        List<MessageDocument> batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++, written++) {
          batch.add(message(written, words, random));
        }
        index.put(batch, "1-" + written);
        if (written % refreshEvery == 0) {
          index.refresh();
        }
        if (written % commitEvery == 0) {
          index.commit();
        }
      }
      index.refresh();
      index.commit();
      return (os.getProcessCpuTime() - cpuBefore) / 1_000.0 / documents;
    }
  }

  /** A customer's message of 25 words from a vocabulary of 5,000, in one of 1,000 conversations. */
  private static MessageDocument message(int n, String[] words, Random random) {
    StringBuilder text = new StringBuilder();
    for (int w = 0; w < 25; w++) {
      text.append(words[random.nextInt(words.length)]).append(' ');
    }
    int conversation = n % 1_000;
    return new MessageDocument("msg_" + n, "conv_" + conversation,
        new ConversationFacts("cus_" + conversation, "Ann Example", "open", List.of(), null), "api",
        "subject " + n, text.toString(), null, "email:c" + conversation + "@example.org",
        MessageDocument.Author.CUSTOMER, MessageDocument.Kind.MESSAGE, null, "neutral",
        Instant.ofEpochSecond(1_700_000_000L + n));
  }
}
