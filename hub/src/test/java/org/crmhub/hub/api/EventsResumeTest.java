package org.crmhub.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.crmhub.hub.events.EventHistory;
import org.crmhub.hub.events.EventTail;
import org.crmhub.hub.events.SseFrame;
import org.crmhub.hub.redis.StreamEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Resuming {@code GET /api/v1/events} with {@code Last-Event-ID}: every later event exactly once, in
 * order, also when live events land while the catch-up read is still running and when more events
 * were missed than one catch-up read returns.
 */
@ExtendWith(VertxExtension.class)
class EventsResumeTest {

  private static final int STORED = 2_500;
  private static final int RESUME_AFTER = 10;

  private static String event(int sequence) {
    return SseFrame.of(new StreamEntry("1700000000000-" + sequence, Map.of("type", "message.created",
        "eventId", "ev_" + sequence, "timestamp", "2026-12-04T12:00:00Z",
        "data", new JsonObject().put("n", sequence).encode())));
  }

  /** The stored events; the first catch-up read answers only after a newer event went out live. */
  private static final class SlowHistory implements EventHistory {
    private final Vertx vertx;
    private final List<String> stored = new ArrayList<>();
    private boolean firstRead = true;

    SlowHistory(Vertx vertx) {
      this.vertx = vertx;
      IntStream.rangeClosed(1, STORED).forEach(sequence -> stored.add(event(sequence)));
    }

    void append(String event) {
      stored.add(event);
      vertx.eventBus().publish(EventTail.ADDRESS, event);
    }

    @Override
    public Future<List<String>> since(String afterId, int limit) {
      List<String> page = stored.stream()
          .filter(event -> StreamEntry.compareIds(SseFrame.idOf(event), afterId) > 0).limit(limit).toList();
      if (!firstRead) {
        return Future.succeededFuture(page);
      }
      firstRead = false;
      Promise<List<String>> answered = Promise.promise();
      // the live event is delivered on the event loop before the read's answer is
      append(event(STORED + 1));
      vertx.runOnContext(delivered -> vertx.runOnContext(later -> answered.complete(page)));
      return answered.future();
    }
  }

  @Test
  void resumeDeliversEveryLaterEventOnceInOrderWhileLiveEventsArrive(Vertx vertx, VertxTestContext test) {
    SlowHistory history = new SlowHistory(vertx);
    EventsApi api = new EventsApi(vertx, history);
    Router router = Router.router(vertx);
    router.get("/events").handler(api::stream);
    HttpServer server = vertx.createHttpServer().requestHandler(router);
    HttpClient client = vertx.createHttpClient();
    int last = STORED + 2;
    List<Integer> received = new ArrayList<>();
    Promise<Void> all = Promise.promise();
    StringBuilder buffer = new StringBuilder();
    server.listen(0, "127.0.0.1")
        .compose(listening -> client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
            .setPort(listening.actualPort()).setURI("/events")
            .putHeader("Last-Event-ID", SseFrame.idOf(event(RESUME_AFTER)))))
        .compose(request -> request.send())
        .onSuccess(response -> response.handler(chunk -> {
          buffer.append(chunk.toString());
          int end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            String block = buffer.substring(0, end);
            buffer.delete(0, end + 2);
            for (String line : block.split("\n")) {
              if (line.startsWith("id: ")) {
                received.add(Integer.parseInt(line.substring(line.indexOf('-') + 1)));
                if (received.size() == STORED + 1 - RESUME_AFTER) {
                  // caught up: one more live event must follow, once
                  history.append(event(last));
                }
              }
            }
          }
          if (!received.isEmpty() && received.get(received.size() - 1) == last) {
            all.tryComplete();
          }
        }))
        .onFailure(all::tryFail);
    all.future().timeout(20, TimeUnit.SECONDS)
        .onComplete(done -> test.verify(() -> {
          assertEquals(IntStream.rangeClosed(RESUME_AFTER + 1, last).boxed().toList(), received);
          client.close();
          server.close();
          test.completeNow();
        }));
  }
}
