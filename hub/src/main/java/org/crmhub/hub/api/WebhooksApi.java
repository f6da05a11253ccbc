package org.crmhub.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.crmhub.hub.Ids;
import org.crmhub.hub.webhooks.DueDeliveries;
import org.crmhub.hub.webhooks.TargetPolicy;
import org.crmhub.hub.webhooks.WebhookSender;
import org.crmhub.hub.webhooks.WebhookSigner;
import org.crmhub.hub.webhooks.WebhookStore;

/** Webhook subscriptions, their secrets, deliveries, log, re-send, replay and ping. */
public final class WebhooksApi implements ApiOperations {

  /** The test event a ping sends: not a domain event, sent only to the pinged subscription. */
  public static final String PING = "webhook.ping";

  private static final long DEFAULT_OVERLAP_SECONDS = 24 * 3600;
  private static final int REPLAY_LIMIT = 10_000;

  private final WebhookStore store;
  private final WebhookSender sender;

  public WebhooksApi(WebhookStore store, WebhookSender sender) {
    this.store = store;
    this.sender = sender;
  }

  public void create(RoutingContext ctx) {
    JsonObject body = ContractValidation.validated(ctx).getBody().getJsonObject();
    String secret = WebhookSigner.newSecret();
    long now = Instant.now().getEpochSecond();
    JsonObject subscription = new JsonObject()
        .put("id", Ids.next("wh"))
        .put("url", body.getString("url"))
        .put("events", body.getJsonArray("events"))
        .put("description", body.getString("description", ""))
        .put("enabled", body.getBoolean("enabled", true))
        .put("createdAt", Instant.now().toString())
        .put("createdBy", Authentication.principal(ctx).actor())
        .put("secrets", new JsonArray().add(new JsonObject().put("secret", secret).put("createdAt", now)));
    checkTarget(subscription.getString("url"))
        .compose(v -> store.saveSubscription(subscription))
        .map(v -> view(subscription).put("secret", secret))
        .onComplete(Responses.answer(ctx, 201));
  }

  public void list(RoutingContext ctx) {
    store.subscriptions()
        .onSuccess(all -> Responses.json(ctx, 200, new JsonObject()
            .put("items", new JsonArray(all.stream().map(WebhooksApi::view).toList()))))
        .onFailure(ctx::fail);
  }

  public void get(RoutingContext ctx) {
    existing(ctx).onSuccess(subscription -> Responses.json(ctx, 200, view(subscription))).onFailure(ctx::fail);
  }

  public void update(RoutingContext ctx) {
    JsonObject patch = ContractValidation.validated(ctx).getBody().getJsonObject();
    existing(ctx)
        .compose(subscription -> (patch.containsKey("url") ? checkTarget(patch.getString("url")) : Future.<Void>succeededFuture())
            .map(v -> {
              for (String field : List.of("url", "events", "description", "enabled")) {
                if (patch.containsKey(field)) {
                  subscription.put(field, patch.getValue(field));
                }
              }
              if (patch.getBoolean("enabled", false)) {
                subscription.remove("disabledReason");
              }
              return subscription;
            }))
        .compose(subscription -> store.saveSubscription(subscription).map(subscription))
        .map(subscription -> view(subscription))
        .onComplete(Responses.answer(ctx, 200));
  }

  public void delete(RoutingContext ctx) {
    String id = webhookId(ctx);
    store.deleteSubscription(id)
        .compose(deleted -> deleted ? Future.succeededFuture() : Future.failedFuture(ApiProblem.notFound("webhook " + id)))
        .onComplete(Responses.empty(ctx, 204));
  }

  /** A new secret; the old ones keep signing until the overlap ends, so receivers can switch over. */
  public void rotateSecret(RoutingContext ctx) {
    JsonObject body = ContractValidation.validated(ctx).getBody() == null
        || ContractValidation.validated(ctx).getBody().isNull()
        ? new JsonObject() : ContractValidation.validated(ctx).getBody().getJsonObject();
    long overlap = body.getLong("overlapSeconds", DEFAULT_OVERLAP_SECONDS);
    long now = Instant.now().getEpochSecond();
    String secret = WebhookSigner.newSecret();
    existing(ctx)
        .compose(subscription -> {
          JsonArray secrets = new JsonArray().add(new JsonObject().put("secret", secret).put("createdAt", now));
          subscription.getJsonArray("secrets").stream().map(JsonObject.class::cast)
              .filter(old -> old.getLong("expiresAt") == null || old.getLong("expiresAt") > now)
              .forEach(old -> secrets.add(old.getLong("expiresAt") == null ? old.copy().put("expiresAt", now + overlap) : old));
          subscription.put("secrets", secrets);
          return store.saveSubscription(subscription);
        })
        .onSuccess(v -> Responses.json(ctx, 200, new JsonObject()
            .put("secret", secret)
            .put("previousSecretsExpireAt", Instant.ofEpochSecond(now + overlap).toString())))
        .onFailure(ctx::fail);
  }

  public void ping(RoutingContext ctx) {
    existing(ctx)
        .compose(subscription -> {
          String eventId = PING + ":" + Ids.randomToken(12);
          String payload = new JsonObject()
              .put("type", PING)
              .put("timestamp", Instant.now().toString())
              .put("data", new JsonObject().put("webhookId", subscription.getString("id")))
              .encode();
          JsonObject delivery = org.crmhub.hub.webhooks.EventFanOut.newDelivery(eventId,
              subscription.getString("id"), PING, payload);
          return store.createDelivery(delivery).map(delivery);
        })
        .map(delivery -> new JsonObject().put("deliveryId", delivery.getString("id")))
        .onComplete(Responses.answer(ctx, 202));
  }

  public void deliveries(RoutingContext ctx) {
    int limit = ContractValidation.limit(ctx);
    existing(ctx)
        .compose(subscription -> store.deliveries(subscription.getString("id"), limit))
        .onSuccess(list -> Responses.json(ctx, 200, new JsonObject()
            .put("items", new JsonArray(list.stream().map(WebhooksApi::deliveryView).toList()))))
        .onFailure(ctx::fail);
  }

  public void attempts(RoutingContext ctx) {
    int limit = ContractValidation.limit(ctx);
    existing(ctx)
        .compose(subscription -> store.attempts(subscription.getString("id"), limit))
        .map(items -> new JsonObject().put("items", items))
        .onComplete(Responses.answer(ctx, 200));
  }

  public void resend(RoutingContext ctx) {
    String deliveryId = ContractValidation.validated(ctx).getPathParameters().get("deliveryId").getString();
    existing(ctx)
        .compose(subscription -> store.delivery(deliveryId).compose(delivery ->
            delivery == null || !subscription.getString("id").equals(delivery.getString("subscriptionId"))
                ? Future.failedFuture(ApiProblem.notFound("delivery " + deliveryId))
                : requeue(ctx, List.of(deliveryId))))
        .map(v -> new JsonObject().put("deliveryId", deliveryId))
        .onComplete(Responses.answer(ctx, 202));
  }

  public void replay(RoutingContext ctx) {
    JsonObject body = ContractValidation.validated(ctx).getBody().getJsonObject();
    long since = OffsetDateTime.parse(body.getString("since")).toInstant().toEpochMilli();
    existing(ctx)
        .compose(subscription -> store.deliveryIdsSince(subscription.getString("id"), since, REPLAY_LIMIT))
        .compose(ids -> requeue(ctx, ids).map(ids.size()))
        .map(count -> new JsonObject().put("requeued", count))
        .onComplete(Responses.answer(ctx, 202));
  }

  /** Sends the deliveries again with the same webhook-id and body; their earlier attempts stay logged. */
  private Future<Integer> requeue(RoutingContext ctx, List<String> deliveryIds) {
    return store.requeue(deliveryIds, System.currentTimeMillis())
        .onSuccess(requeued -> DueDeliveries.announce(ctx.vertx()));
  }

  private Future<Void> checkTarget(String url) {
    return sender.checkTarget(url).recover(failure -> Future.failedFuture(
        failure instanceof TargetPolicy.RefusedTarget || failure instanceof java.net.UnknownHostException
            ? ApiProblem.badRequest("/url", failure instanceof java.net.UnknownHostException
                ? "the host does not resolve" : failure.getMessage())
            : failure));
  }

  private Future<JsonObject> existing(RoutingContext ctx) {
    String id = webhookId(ctx);
    return store.subscription(id)
        .compose(found -> found == null ? Future.failedFuture(ApiProblem.notFound("webhook " + id)) : Future.succeededFuture(found));
  }

  private static String webhookId(RoutingContext ctx) {
    return ContractValidation.validated(ctx).getPathParameters().get("webhookId").getString();
  }


  /** The API shape: never the secrets. */
  static JsonObject view(JsonObject subscription) {
    JsonObject view = subscription.copy();
    view.remove("secrets");
    return view;
  }

  private static JsonObject deliveryView(JsonObject delivery) {
    JsonObject view = delivery.copy();
    view.remove("body");
    view.put("payload", new JsonObject(delivery.getString("body")));
    return view;
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.ofEntries(
        Map.entry("listWebhooks", this::list),
        Map.entry("createWebhook", this::create),
        Map.entry("getWebhook", this::get),
        Map.entry("updateWebhook", this::update),
        Map.entry("deleteWebhook", this::delete),
        Map.entry("rotateWebhookSecret", this::rotateSecret),
        Map.entry("pingWebhook", this::ping),
        Map.entry("listWebhookDeliveries", this::deliveries),
        Map.entry("listWebhookAttempts", this::attempts),
        Map.entry("resendWebhookDelivery", this::resend),
        Map.entry("replayWebhookDeliveries", this::replay));
  }
}
