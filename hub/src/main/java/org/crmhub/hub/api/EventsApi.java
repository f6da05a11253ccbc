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
import org.crmhub.hub.async.AsyncLoop;
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
  /** Open streams per credential: an inbox in each of a few browser tabs, an integration or two. */
  static final int STREAMS_PER_CREDENTIAL = 20;
  /** When a refused client may try again: a stream of its own may have ended by then. */
  private static final long RETRY_AFTER_SECONDS = 5;

  private final Vertx vertx;
  private final EventHistory tail;
  private final OpenStreams openStreams = new OpenStreams(STREAMS_PER_CREDENTIAL);

  public EventsApi(Vertx vertx, EventHistory tail) {
    this.vertx = vertx;
    this.tail = tail;
  }

  public void stream(RoutingContext ctx) {
    org.crmhub.hub.auth.Principal principal = Authentication.principal(ctx);
    // the contract lets no one in unauthenticated; a router without it (a test) shares one count
    String credential = principal == null ? "" : principal.actor();
    if (!openStreams.tryOpen(credential)) {
      ctx.fail(ApiProblem.tooManyStreams(openStreams.limit(), RETRY_AFTER_SECONDS));
      return;
    }
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
    java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
    Handler<Void> end = closed -> {
      if (ended.compareAndSet(false, true)) {
        openStreams.close(credential);
        live.unregister();
        vertx.cancelTimer(keepalive);
      }
    };
    response.closeHandler(end);
    if (response.closed()) {
      // closed before the handler was set: it will not be called
      end.handle(null);
      return;
    }
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
    return AsyncLoop.iterate(false, caughtUp -> caughtUp, caughtUp -> tail.since(stream.lastSent, CATCH_UP_LIMIT)
        .map(missed -> {
          missed.forEach(stream::sendIfNewer);
          return missed.size() < CATCH_UP_LIMIT || stream.response.closed();
        }))
        .mapEmpty();
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
