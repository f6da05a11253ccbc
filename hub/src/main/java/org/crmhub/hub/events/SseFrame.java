package org.crmhub.hub.events;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import org.crmhub.hub.redis.StreamEntry;

/**
 * One domain event as a Server-Sent Events frame, built once per event and handed as the same
 * String to every client: a JSON body per client (and the event bus's copy of it) cost three JSON
 * passes per event per client. The event's data is already JSON in the stream and goes in as read.
 */
public final class SseFrame {

  private static final String ID_LINE = "id: ";

  private SseFrame() {}

  /** {@code id: <stream id>}, {@code event: <type>}, {@code data: {id, type, timestamp, data}}. */
  public static String of(StreamEntry entry) {
    String type = entry.field("type");
    return ID_LINE + entry.id() + "\nevent: " + type + "\ndata: {\"id\":" + Json.encode(entry.field("eventId"))
        + ",\"type\":" + Json.encode(type) + ",\"timestamp\":" + Json.encode(entry.field("timestamp"))
        + ",\"data\":" + data(entry.field("data", "{}")) + "}\n\n";
  }

  /** The stream id the frame carries. */
  public static String idOf(String frame) {
    return frame.substring(ID_LINE.length(), frame.indexOf('\n'));
  }

  /**
   * The hub writes data compactly, so it holds no line break; one that does (written by another
   * hand) would end the SSE data line, so it is parsed and written again.
   */
  private static String data(String json) {
    return json.indexOf('\n') < 0 && json.indexOf('\r') < 0 ? json : new JsonObject(json).encode();
  }
}
