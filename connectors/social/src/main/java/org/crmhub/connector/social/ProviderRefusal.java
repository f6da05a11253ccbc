package org.crmhub.connector.social;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/**
 * Reads why a provider refused a request, in words fit for staff: Meta's {@code error.message},
 * X's {@code detail} / {@code errors[0].message}, else the HTTP status.
 */
public final class ProviderRefusal {

  private static final int MAX_REASON = 300;

  private ProviderRefusal() {}

  public static String reason(HttpResponse<Buffer> response) {
    JsonObject answer;
    try {
      answer = response.bodyAsJsonObject();
    } catch (RuntimeException notJson) {
      answer = null;
    }
    String reason = null;
    if (answer != null) {
      if (answer.getValue("error") instanceof JsonObject error) {
        reason = text(error.getValue("message"));
      }
      if (reason == null) {
        reason = text(answer.getValue("detail"));
      }
      if (reason == null && answer.getValue("errors") instanceof JsonArray errors && !errors.isEmpty()
          && errors.getValue(0) instanceof JsonObject first) {
        reason = text(first.getValue("message"));
      }
      if (reason == null) {
        reason = text(answer.getValue("title"));
      }
    }
    if (reason == null) {
      return "HTTP " + response.statusCode();
    }
    return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "…";
  }

  private static String text(Object value) {
    return value instanceof String s && !s.isBlank() ? s : null;
  }
}
