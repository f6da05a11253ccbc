package org.crmhub.bench.email;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Follows the hub's {@code GET /api/v1/events} (Server-Sent Events) and notes when each
 * {@code message.created} arrived (monotonic clock): by message id (an API contact's id is its
 * message's id) and by mail subject, for mail the bench put into the mailbox.
 */
final class EventWatch implements AutoCloseable {

  private final Map<String, Long> byMessageId = new ConcurrentHashMap<>();
  private final Map<String, Long> bySubject = new ConcurrentHashMap<>();
  private final CompletableFuture<HttpResponse<Stream<String>>> stream;

  EventWatch(HttpClient http, int port, String apiKey) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
        .header("authorization", "Bearer " + apiKey)
        .header("accept", "text/event-stream")
        .build();
    stream = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> response = stream.get(30, TimeUnit.SECONDS);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET /api/v1/events answered " + response.statusCode());
    }
    Thread reader = new Thread(() -> read(response.body()), "bench-events");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(Stream<String> lines) {
    try {
      readLines(lines);
    } catch (java.io.UncheckedIOException closed) {
      // the stream ends when the bench closes it or the hub stops
    }
  }

  private void readLines(Stream<String> lines) {
    String[] event = {"message"};
    lines.forEach(line -> {
      if (line.startsWith("event:")) {
        event[0] = line.substring(6).trim();
      } else if (line.startsWith("data:") && "message.created".equals(event[0])) {
        long now = System.nanoTime();
        JsonObject message = new JsonObject(line.substring(5).trim()).getJsonObject("data", new JsonObject())
            .getJsonObject("message", new JsonObject());
        String id = message.getString("id");
        if (id != null) {
          byMessageId.putIfAbsent(id, now);
        }
        String subject = message.getString("subject");
        if (subject != null) {
          bySubject.putIfAbsent(subject, now);
        }
      } else if (line.isEmpty()) {
        event[0] = "message";
      }
    });
  }

  /** When the message with this id became visible, or null. */
  Long visible(String messageId) {
    return byMessageId.get(messageId);
  }

  /** Waits (bounded) until the mail with this subject is visible; when it was, or null. */
  Long awaitSubject(String subject, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      Long at = bySubject.get(subject);
      if (at != null) {
        return at;
      }
      TimeUnit.MILLISECONDS.sleep(2);
    }
    return null;
  }

  @Override
  public void close() {
    stream.cancel(true);
    stream.thenAccept(response -> response.body().close());
  }
}
