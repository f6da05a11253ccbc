package org.crmhub.connector.social.x;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.social.ProviderRefusal;
import twitter4j.HttpParameter;
import twitter4j.RequestMethod;
import twitter4j.auth.Authorization;

/**
 * X's v2 DM endpoints, which neither Twitter4J nor its v2 extension covers, through the
 * non-blocking Vert.x WebClient: {@code GET /2/dm_events} and
 * {@code POST /2/dm_conversations/with/:participant_id/messages}. Requests are signed with the
 * account's OAuth 1.0a keys through Twitter4J's own signer, or carry the OAuth 2.0 user token
 * when one is configured.
 */
final class XDirectMessages {

  private final Vertx vertx;
  private final WebClient client;
  private final XSettings settings;
  private final Authorization oauth1;
  private final XContacts contacts;

  /** One page of DM events, newest first. */
  record DmPage(List<DmEvent> events, String nextToken, RateLimit rateLimit) {}

  /** A received DM and the contact made of it (null for our own messages). */
  record DmEvent(String id, InboundContact contact) {}

  XDirectMessages(Vertx vertx, XSettings settings, Authorization oauth1, XContacts contacts) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setIdleTimeout(30));
    this.settings = settings;
    this.oauth1 = oauth1;
    this.contacts = contacts;
  }

  Future<DmPage> events(String paginationToken) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("event_types", "MessageCreate");
    query.put("dm_event.fields", "id,text,event_type,created_at,sender_id,dm_conversation_id");
    query.put("expansions", "sender_id");
    query.put("user.fields", "username");
    query.put("max_results", "100");
    if (paginationToken != null) {
      query.put("pagination_token", paginationToken);
    }
    String url = settings.apiBaseUrl() + "/2/dm_events";
    HttpRequest<Buffer> request = client.getAbs(url).timeout(15_000);
    query.forEach(request::addQueryParam);
    return authorize(request, RequestMethod.GET, url, query).compose(HttpRequest::send).compose(response -> {
      RateLimit limit = RateLimit.of(response.getHeader("x-rate-limit-remaining"), response.getHeader("x-rate-limit-reset"));
      if (response.statusCode() == 429) {
        return Future.failedFuture(new RateLimit.ExceededException("the DM events", limit));
      }
      JsonObject body = json(response);
      if (response.statusCode() != 200 || body == null) {
        return Future.failedFuture(new IllegalStateException("X refused the DM events: " + ProviderRefusal.reason(response)));
      }
      return Future.succeededFuture(new DmPage(parse(body), nextToken(body), limit));
    });
  }

  /** @return the sent DM's event id */
  Future<String> send(String participantId, String text) {
    String url = settings.apiBaseUrl() + "/2/dm_conversations/with/" + participantId + "/messages";
    HttpRequest<Buffer> request = client.postAbs(url).timeout(15_000);
    return authorize(request, RequestMethod.POST, url, Map.of())
        .compose(signed -> signed.sendJsonObject(new JsonObject().put("text", text))).compose(response -> {
      JsonObject body = response.statusCode() / 100 == 2 ? json(response) : null;
      JsonObject data = body == null ? null : body.getJsonObject("data");
      if (data != null && data.getValue("dm_event_id") instanceof String eventId) {
        return Future.succeededFuture(eventId);
      }
      return Future.failedFuture(new IllegalStateException("X refused the DM: " + ProviderRefusal.reason(response)));
    });
  }

  void close() {
    client.close();
  }

  /** Signing runs on a worker: Twitter4J's signer is not written for an event loop. */
  private Future<HttpRequest<Buffer>> authorize(HttpRequest<Buffer> request, RequestMethod method, String url,
      Map<String, String> query) {
    if (settings.bearerToken() != null) {
      return Future.succeededFuture(request.bearerTokenAuthentication(settings.bearerToken()));
    }
    HttpParameter[] params = query.entrySet().stream()
        .map(e -> new HttpParameter(e.getKey(), e.getValue())).toArray(HttpParameter[]::new);
    return vertx.executeBlocking(() -> oauth1.getAuthorizationHeader(
            new twitter4j.HttpRequest(method, url, params, oauth1, Map.of())), false)
        .map(header -> request.putHeader("Authorization", header));
  }

  private List<DmEvent> parse(JsonObject body) {
    Map<String, String> usernames = new HashMap<>();
    if (body.getValue("includes") instanceof JsonObject includes && includes.getValue("users") instanceof JsonArray users) {
      for (Object user : users) {
        if (user instanceof JsonObject u && u.getValue("id") instanceof String id && u.getValue("username") instanceof String name) {
          usernames.put(id, name);
        }
      }
    }
    List<DmEvent> events = new ArrayList<>();
    if (!(body.getValue("data") instanceof JsonArray data)) {
      return events;
    }
    for (Object item : data) {
      if (!(item instanceof JsonObject event) || !(event.getValue("id") instanceof String id) || !XContacts.isId(id)) {
        throw new IllegalStateException("X sent a DM event without a numeric id");
      }
      String senderId = event.getValue("sender_id") instanceof String s ? s : null;
      boolean fromCustomer = "MessageCreate".equals(event.getValue("event_type")) && XContacts.isId(senderId)
          && !senderId.equals(settings.accountUserId()) && event.getValue("text") instanceof String;
      events.add(new DmEvent(id, !fromCustomer ? null : contacts.directMessage(id, senderId, usernames.get(senderId),
          event.getString("text"), event.getValue("dm_conversation_id") instanceof String c ? c : null,
          instant(event.getValue("created_at")))));
    }
    return events;
  }

  private static String nextToken(JsonObject body) {
    return body.getValue("meta") instanceof JsonObject meta && meta.getValue("next_token") instanceof String next
        ? next : null;
  }

  private static Instant instant(Object value) {
    try {
      return value instanceof String text ? Instant.parse(text) : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static JsonObject json(HttpResponse<Buffer> response) {
    try {
      return response.bodyAsJsonObject();
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
