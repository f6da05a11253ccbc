package org.crmhub.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.crmhub.hub.events.EventTail;

/** {@code GET /api/v1/events}: domain events as Server-Sent Events, resumable with Last-Event-ID. */
public final class EventsApi {

  private static final long KEEPALIVE_MS = 15_000;
  private static final int CATCH_UP_LIMIT = 1_000;

  private final Vertx vertx;
  private final EventTail tail;

  public EventsApi(Vertx vertx, EventTail tail) {
    this.vertx = vertx;
    this.tail = tail;
  }

  public void stream(RoutingContext ctx) {
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    String[] lastSent = {ctx.request().getHeader("Last-Event-ID")};
    // subscribe before catching up, then drop live events the catch-up already sent
    MessageConsumer<JsonObject> live = vertx.eventBus().localConsumer(EventTail.ADDRESS, message -> {
      JsonObject event = message.body();
      if (lastSent[0] == null || EventTail.compareIds(event.getString("id"), lastSent[0]) > 0) {
        write(response, event);
        lastSent[0] = event.getString("id");
      }
    });
    long keepalive = vertx.setPeriodic(KEEPALIVE_MS, id -> response.write(": keepalive\n\n"));
    response.closeHandler(closed -> {
      live.unregister();
      vertx.cancelTimer(keepalive);
    });
    response.write(": connected\n\n");
    Future<List<JsonObject>> catchUp = lastSent[0] == null
        ? Future.succeededFuture(List.of())
        : tail.since(lastSent[0], CATCH_UP_LIMIT);
    catchUp.onSuccess(missed -> missed.forEach(event -> {
      if (EventTail.compareIds(event.getString("id"), lastSent[0]) > 0) {
        write(response, event);
        lastSent[0] = event.getString("id");
      }
    }));
  }

  private static void write(HttpServerResponse response, JsonObject event) {
    if (response.closed()) {
      return;
    }
    JsonObject payload = new JsonObject()
        .put("id", event.getString("eventId"))
        .put("type", event.getString("type"))
        .put("timestamp", event.getString("timestamp"))
        .put("data", event.getJsonObject("data"));
    response.write("id: " + event.getString("id") + "\nevent: " + event.getString("type")
        + "\ndata: " + payload.encode() + "\n\n");
  }
}
