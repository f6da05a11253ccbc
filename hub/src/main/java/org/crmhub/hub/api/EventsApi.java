package org.crmhub.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crmhub.hub.events.EventHistory;
import org.crmhub.hub.events.EventTail;
import org.crmhub.hub.events.SseFrame;
import org.crmhub.hub.redis.StreamEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /api/v1/events}: domain events as Server-Sent Events, resumable with Last-Event-ID. */
public final class EventsApi implements ApiOperations {

  private static final Logger LOG = LoggerFactory.getLogger(EventsApi.class);
  private static final long KEEPALIVE_MS = 15_000;
  private static final int CATCH_UP_LIMIT = 1_000;

  private final Vertx vertx;
  private final EventHistory tail;

  public EventsApi(Vertx vertx, EventHistory tail) {
    this.vertx = vertx;
    this.tail = tail;
  }

  public void stream(RoutingContext ctx) {
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    Resumption stream = new Resumption(response, ctx.request().getHeader("Last-Event-ID"));
    // subscribe before catching up; live events wait until the catch-up has sent everything older
    MessageConsumer<String> live = vertx.eventBus().localConsumer(EventTail.ADDRESS,
        message -> stream.live(message.body()));
    long keepalive = vertx.setPeriodic(KEEPALIVE_MS, id -> response.write(": keepalive\n\n"));
    response.closeHandler(closed -> {
      live.unregister();
      vertx.cancelTimer(keepalive);
    });
    response.write(": connected\n\n");
    if (stream.lastSent == null) {
      stream.caughtUp();
      return;
    }
    catchUp(stream)
        .onSuccess(v -> stream.caughtUp())
        .onFailure(failure -> {
          // the client reconnects with the last id it got and misses nothing
          LOG.warn("event catch-up failed, closing the stream: {}", failure.toString());
          response.reset();
        });
  }

  /** Reads the missed events page by page until a page is not full. */
  private Future<Void> catchUp(Resumption stream) {
    return tail.since(stream.lastSent, CATCH_UP_LIMIT).compose(missed -> {
      missed.forEach(stream::sendIfNewer);
      return missed.size() < CATCH_UP_LIMIT || stream.response.closed()
          ? Future.succeededFuture()
          : catchUp(stream);
    });
  }

  /** One client's stream: what it has been sent, and live events held back while it catches up. */
  private static final class Resumption {
    private final HttpServerResponse response;
    private final List<String> heldBack = new ArrayList<>();
    private String lastSent;
    private boolean catchingUp = true;

    Resumption(HttpServerResponse response, String lastEventId) {
      this.response = response;
      this.lastSent = lastEventId;
    }

    void live(String frame) {
      if (catchingUp) {
        heldBack.add(frame);
      } else {
        sendIfNewer(frame);
      }
    }

    void caughtUp() {
      catchingUp = false;
      heldBack.forEach(this::sendIfNewer);
      heldBack.clear();
    }

    void sendIfNewer(String frame) {
      String id = SseFrame.idOf(frame);
      if (lastSent == null || StreamEntry.compareIds(id, lastSent) > 0) {
        if (!response.closed()) {
          response.write(frame);
        }
        lastSent = id;
      }
    }
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "streamEvents", this::stream);
  }
}
