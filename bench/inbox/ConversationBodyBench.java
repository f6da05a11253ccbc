package org.crmhub.hub.conversation;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * What building a conversation's answer costs the event loop: {@link ConversationService.View#body()}
 * against a baseline run in the same invocation, the same body built as one String and then encoded
 * to the Buffer the response sends (as it was built before). 1,000 stored messages of about 290
 * bytes, as the bench's largest conversation shows. Reports bytes allocated and µs per body; rounds
 * alternate, the first warms the JIT. See bench/README.md.
 *
 * <p>usage: ConversationBodyBench [messages, 1000] [bodies per round, 2000] [rounds, 4]
 */
public final class ConversationBodyBench {

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int bodies = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      messages.add(new JsonObject().put("id", "msg_" + i).put("direction", "inbound")
          .put("text", "Hello, this is message " + i + " about my order " + "x".repeat(200)).encode());
    }
    JsonObject summary = new JsonObject().put("id", "cv_1").put("subject", "Order").put("messageCount", count);
    ConversationService.View view = new ConversationService.View(summary, messages, "W/\"cv_1-1\"");
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int round = 0; round < rounds; round++) {
      long[] baseline = measure(threads, bodies, () -> Buffer.buffer(asOneString(summary, messages)));
      long[] hub = measure(threads, bodies, view::body);
      System.out.printf("round %d%s: baseline %,d bytes and %.1f µs per body; hub %,d bytes and %.1f µs;"
              + " ratio %.2f bytes, %.2f time%n", round, round == 0 ? " (warm-up)" : "",
          baseline[0], baseline[1] / 1_000.0, hub[0], hub[1] / 1_000.0,
          (double) hub[0] / baseline[0], (double) hub[1] / baseline[1]);
    }
  }

  /** Allocated bytes and nanoseconds per body. */
  private static long[] measure(com.sun.management.ThreadMXBean threads, int bodies,
      java.util.function.Supplier<Buffer> build) {
    long bytes = threads.getCurrentThreadAllocatedBytes();
    long started = System.nanoTime();
    long length = 0;
    for (int i = 0; i < bodies; i++) {
      length += build.get().length();
    }
    long nanos = System.nanoTime() - started;
    if (length == 0) {
      throw new IllegalStateException("empty bodies");
    }
    return new long[] {(threads.getCurrentThreadAllocatedBytes() - bytes) / bodies, nanos / bodies};
  }

  /** The body as it was built before: one String, which the response then encoded. */
  private static String asOneString(JsonObject summary, List<String> messages) {
    String summaryJson = summary.encode();
    StringBuilder body = new StringBuilder(summaryJson.length() + 16
        + messages.stream().mapToInt(String::length).sum() + messages.size());
    body.append(summaryJson, 0, summaryJson.length() - 1).append(",\"messages\":[");
    for (int i = 0; i < messages.size(); i++) {
      body.append(i == 0 ? "" : ",").append(messages.get(i));
    }
    return body.append("]}").toString();
  }
}
