package org.crmhub.hub.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A failure the API reports as an RFC 9457 problem; thrown or failed from handlers. */
public final class ApiProblem extends RuntimeException {

  private final int status;
  private final String title;
  private final JsonArray errors;
  private final Long retryAfterSeconds;

  private ApiProblem(int status, String title, String detail, JsonArray errors, Long retryAfterSeconds) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.errors = errors;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiProblem of(int status, String title, String detail) {
    return new ApiProblem(status, title, detail, null, null);
  }

  public static ApiProblem badRequest(String pointer, String detail) {
    return new ApiProblem(400, "Bad request", detail,
        new JsonArray().add(new JsonObject().put("pointer", pointer).put("detail", detail)), null);
  }

  static ApiProblem badRequestWith(String detail, JsonArray errors) {
    return new ApiProblem(400, "Bad request", detail, errors, null);
  }

  public static ApiProblem notFound(String what) {
    return of(404, "Not found", what + " does not exist");
  }

  public static ApiProblem tooManyRequests(long retryAfterSeconds) {
    return new ApiProblem(429, "Too many requests", "slow down and retry later", null, retryAfterSeconds);
  }

  /** Refused: the credential holds as many event streams open as it may. */
  static ApiProblem tooManyStreams(int openStreamLimit, long retryAfterSeconds) {
    return new ApiProblem(429, "Too many open streams", "this credential holds " + openStreamLimit
        + " event streams open, as many as it may; close one first", null, retryAfterSeconds);
  }

  public static ApiProblem unavailable(String detail) {
    return unavailable(detail, 2);
  }

  public static ApiProblem unavailable(String detail, long retryAfterSeconds) {
    return new ApiProblem(503, "Service unavailable", detail, null, retryAfterSeconds);
  }

  public int status() {
    return status;
  }

  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public JsonObject toJson(String instance) {
    JsonObject json = new JsonObject()
        .put("type", "about:blank")
        .put("title", title)
        .put("status", status);
    if (getMessage() != null) {
      json.put("detail", getMessage());
    }
    if (instance != null) {
      json.put("instance", instance);
    }
    if (errors != null) {
      json.put("errors", errors);
    }
    return json;
  }
}
