package org.crmhub.connector.social.x;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake X API on loopback: the v2 mentions timeline, DM events, create tweet and send DM, each
 * refusing requests without the account's OAuth 1.0a header, paging two items at a time (newest
 * first, as X does), sending rate-limit headers, and answering 429 or a spent budget when told.
 * Every request is recorded with the time it arrived.
 */
public final class FakeX {

  public static final String CONSUMER_KEY = "x-consumer-key";
  public static final String CONSUMER_SECRET = "x-consumer-secret-for-tests";
  public static final String ACCESS_TOKEN = "1600000000000000001-x-access-token";
  public static final String ACCESS_TOKEN_SECRET = "x-access-token-secret";
  public static final String ACCOUNT_ID = "1600000000000000001";
  private static final int PAGE = 2;

  /** One request: which endpoint, when, its query, and the status it got. */
  /** @param limited the answer told the client to wait (a 429, or no budget left) */
  public record Request(String endpoint, long atMillis, Map<String, String> query, int status, boolean limited) {}

  private final List<JsonObject> mentions = new CopyOnWriteArrayList<>();
  private final List<JsonObject> dmEvents = new CopyOnWriteArrayList<>();
  private final Map<String, String> usernames = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<JsonObject> tweetsPosted = new CopyOnWriteArrayList<>();
  private final List<JsonObject> dmsSent = new CopyOnWriteArrayList<>();
  // snowflake-like: a later fake starts above every id an earlier one gave (offsets persist in Redis)
  private final AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1_000_000L);
  private volatile long refuseNextMentionsUntil;
  private volatile long spendNextDmsUntil;
  private HttpServer server;

  public static Future<FakeX> start(Vertx vertx) {
    FakeX fake = new FakeX();
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.route().handler(fake::requireOAuth);
    router.get("/2/users/:id/mentions").handler(fake::mentions);
    router.get("/2/dm_events").handler(fake::dmEvents);
    router.post("/2/tweets").handler(fake::createTweet);
    router.post("/2/dm_conversations/with/:participant/messages").handler(fake::sendDm);
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").map(server -> {
      fake.server = server;
      return fake;
    });
  }

  /** The X connector's settings for polling this fake as its account, every 200 ms. */
  public JsonObject pollingSettings() {
    return new JsonObject().put("consumerKey", CONSUMER_KEY).put("consumerSecret", CONSUMER_SECRET)
        .put("accessToken", ACCESS_TOKEN).put("accessTokenSecret", ACCESS_TOKEN_SECRET)
        .put("accountUserId", ACCOUNT_ID).put("apiBaseUrl", baseUrl()).put("pollIntervalMillis", 200);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public Future<Void> stop() {
    return server.close();
  }

  public String nextId() {
    return Long.toString(ids.addAndGet(1_000));
  }

  /** @return the tweet id */
  public String mention(String authorId, String username, String text, String conversationId) {
    String id = nextId();
    usernames.put(authorId, username);
    mentions.add(new JsonObject().put("id", id).put("text", text).put("author_id", authorId)
        .put("conversation_id", conversationId == null ? id : conversationId).put("created_at", "2026-01-02T03:04:05.000Z"));
    return id;
  }

  /** @return the DM event id */
  public String dm(String senderId, String username, String text) {
    String id = nextId();
    usernames.put(senderId, username);
    dmEvents.add(new JsonObject().put("id", id).put("event_type", "MessageCreate").put("text", text)
        .put("sender_id", senderId).put("dm_conversation_id", senderId + "-" + ACCOUNT_ID)
        .put("created_at", "2026-01-02T03:04:05.000Z"));
    return id;
  }

  /** The next mentions request gets a 429 whose reset is this epoch second. */
  public void refuseNextMentions(long resetEpochSeconds) {
    refuseNextMentionsUntil = resetEpochSeconds;
  }

  /** The next DM events answer says the budget is spent until this epoch second. */
  public void spendNextDms(long resetEpochSeconds) {
    spendNextDmsUntil = resetEpochSeconds;
  }

  public List<Request> requests() {
    return new ArrayList<>(requests);
  }

  public List<JsonObject> tweetsPosted() {
    return new ArrayList<>(tweetsPosted);
  }

  public List<JsonObject> dmsSent() {
    return new ArrayList<>(dmsSent);
  }

  private void requireOAuth(RoutingContext ctx) {
    String auth = String.valueOf(ctx.request().getHeader("Authorization"));
    if (!auth.startsWith("OAuth ") || !auth.contains("oauth_consumer_key=\"" + CONSUMER_KEY + "\"")
        || !auth.contains("oauth_token=\"" + ACCESS_TOKEN + "\"") || !auth.contains("oauth_signature=\"")
        || !auth.contains("oauth_signature_method=\"HMAC-SHA1\"")) {
      ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("title", "Unauthorized").put("detail", "Unauthorized").put("status", 401).encode());
      return;
    }
    ctx.next();
  }

  private void mentions(RoutingContext ctx) {
    long reset = refuseNextMentionsUntil;
    if (reset != 0) {
      refuseNextMentionsUntil = 0;
      record(ctx, "mentions", 429, true);
      limits(ctx, 0, reset).setStatusCode(429).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("title", "Too Many Requests").put("detail", "Too Many Requests").put("status", 429).encode());
      return;
    }
    if (!ACCOUNT_ID.equals(ctx.pathParam("id"))) {
      ctx.response().setStatusCode(404).end();
      return;
    }
    String since = ctx.request().getParam("since_id");
    List<JsonObject> newer = mentions.stream()
        .filter(t -> since == null || Long.parseLong(t.getString("id")) > Long.parseLong(since))
        .sorted(Comparator.comparing((JsonObject t) -> Long.parseLong(t.getString("id"))).reversed()).toList();
    record(ctx, "mentions", 200);
    page(ctx, newer, "author_id", 100, System.currentTimeMillis() / 1000 + 900);
  }

  private void dmEvents(RoutingContext ctx) {
    long spent = spendNextDmsUntil;
    spendNextDmsUntil = 0;
    List<JsonObject> all = dmEvents.stream()
        .sorted(Comparator.comparing((JsonObject t) -> Long.parseLong(t.getString("id"))).reversed()).toList();
    record(ctx, "dm_events", 200, spent != 0);
    page(ctx, all, "sender_id", spent != 0 ? 0 : 100, spent != 0 ? spent : System.currentTimeMillis() / 1000 + 900);
  }

  private void page(RoutingContext ctx, List<JsonObject> items, String userField, int remaining, long reset) {
    int from = ctx.request().getParam("pagination_token") == null ? 0 : Integer.parseInt(ctx.request().getParam("pagination_token"));
    List<JsonObject> page = items.subList(Math.min(from, items.size()), Math.min(from + PAGE, items.size()));
    JsonArray users = new JsonArray();
    page.stream().map(t -> t.getString(userField)).distinct()
        .forEach(id -> users.add(new JsonObject().put("id", id).put("username", usernames.get(id)).put("name", usernames.get(id))));
    JsonObject meta = new JsonObject().put("result_count", page.size());
    if (!page.isEmpty()) {
      meta.put("newest_id", page.get(0).getString("id")).put("oldest_id", page.get(page.size() - 1).getString("id"));
    }
    if (from + PAGE < items.size()) {
      meta.put("next_token", Integer.toString(from + PAGE));
    }
    JsonObject body = new JsonObject().put("meta", meta);
    if (!page.isEmpty()) {
      body.put("data", new JsonArray(new ArrayList<>(page))).put("includes", new JsonObject().put("users", users));
    }
    limits(ctx, remaining, reset).putHeader("Content-Type", "application/json").end(body.encode());
  }

  private io.vertx.core.http.HttpServerResponse limits(RoutingContext ctx, int remaining, long reset) {
    return ctx.response().putHeader("x-rate-limit-limit", "180").putHeader("x-rate-limit-remaining", Integer.toString(remaining))
        .putHeader("x-rate-limit-reset", Long.toString(reset));
  }

  private void createTweet(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    tweetsPosted.add(body);
    record(ctx, "tweets", 201);
    ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("data", new JsonObject().put("id", nextId()).put("text", body.getString("text"))).encode());
  }

  private void sendDm(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject().copy().put("participant", ctx.pathParam("participant"));
    dmsSent.add(body);
    record(ctx, "dm_send", 201);
    ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("data", new JsonObject().put("dm_conversation_id", ctx.pathParam("participant") + "-" + ACCOUNT_ID)
            .put("dm_event_id", nextId())).encode());
  }

  private void record(RoutingContext ctx, String endpoint, int status) {
    record(ctx, endpoint, status, false);
  }

  private void record(RoutingContext ctx, String endpoint, int status, boolean limited) {
    Map<String, String> query = new ConcurrentHashMap<>();
    ctx.queryParams().forEach(e -> query.put(e.getKey(), e.getValue()));
    requests.add(new Request(endpoint, System.currentTimeMillis(), query, status, limited));
  }
}
