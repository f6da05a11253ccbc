package org.crmhub.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.crmhub.hub.auth.ApiKeyStore;
import org.crmhub.hub.auth.Principal;
import org.crmhub.hub.auth.Role;
import org.crmhub.hub.auth.Scope;
import org.crmhub.hub.auth.StaffStore;
import org.crmhub.hub.channels.ChannelHealthStore;
import org.crmhub.hub.ingest.DeadLetters;

/** Admin-only: staff users, API keys, dead letters and channels' health. */
public final class AdminApi implements ApiOperations {

  private final ApiKeyStore apiKeys;
  private final DeadLetters deadLetters;
  private final StaffStore staff;
  private final ChannelHealthStore channelHealth;
  private final Supplier<List<JsonObject>> connectors;

  /** @param connectors every connector that sends replies, as it stands now (see Connectors#describe) */
  public AdminApi(ApiKeyStore apiKeys, DeadLetters deadLetters, StaffStore staff, ChannelHealthStore channelHealth,
      Supplier<List<JsonObject>> connectors) {
    this.apiKeys = apiKeys;
    this.deadLetters = deadLetters;
    this.staff = staff;
    this.channelHealth = channelHealth;
    this.connectors = connectors;
  }

  /** Every connector source's last success and last error. */
  public void listChannelHealth(RoutingContext ctx) {
    channelHealth.all()
        .onSuccess(sources -> Responses.json(ctx, 200, new JsonObject().put("items", new JsonArray(sources))
            .put("connectors", new JsonArray(connectors.get()))))
        .onFailure(ctx::fail);
  }

  public void listStaff(RoutingContext ctx) {
    staff.list()
        .map(users -> new JsonObject().put("items", new JsonArray(users)))
        .onComplete(Responses.answer(ctx, 200));
  }

  public void createStaff(RoutingContext ctx) {
    JsonObject body = ContractValidation.validated(ctx).getBody().getJsonObject();
    String username = body.getString("username");
    staff.createIfAbsent(username, body.getString("password"), Role.fromWireName(body.getString("role")),
            body.getString("name"))
        .compose(created -> created
            ? staff.get(username)
            : Future.failedFuture(ApiProblem.of(409, "Conflict", "staff user " + username + " exists")))
        .onComplete(Responses.answer(ctx, 201));
  }

  public void listApiKeys(RoutingContext ctx) {
    apiKeys.list()
        .map(keys -> new JsonObject().put("items", new JsonArray(keys)))
        .onComplete(Responses.answer(ctx, 200));
  }

  public void createApiKey(RoutingContext ctx) {
    JsonObject body = ContractValidation.validated(ctx).getBody().getJsonObject();
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    body.getJsonArray("scopes").forEach(scope -> scopes.add(Scope.fromWireName((String) scope)));
    Principal caller = Authentication.principal(ctx);
    if (scopes.contains(Scope.PORTAL)) {
      // the portal scope acts for every customer: only the hub makes such a key, for its own portal
      ctx.fail(ApiProblem.of(403, "Forbidden", "portal keys are made by the hub for its portal, not through the API"));
      return;
    }
    if (!caller.scopes().containsAll(scopes)) {
      ctx.fail(ApiProblem.of(403, "Forbidden", "a key may only be given scopes its creator holds"));
      return;
    }
    apiKeys.create(body.getString("name"), scopes, Authentication.principal(ctx).actor())
        .map(created -> created.key().copy().put("key", created.secret()))
        .onComplete(Responses.answer(ctx, 201));
  }

  public void revokeApiKey(RoutingContext ctx) {
    String id = ContractValidation.validated(ctx).getPathParameters().get("keyId").getString();
    apiKeys.revoke(id)
        .compose(revoked -> revoked ? Future.succeededFuture() : Future.failedFuture(ApiProblem.notFound("API key " + id)))
        .onComplete(Responses.empty(ctx, 204));
  }

  public void listDeadLetters(RoutingContext ctx) {
    deadLetters.list(ContractValidation.limit(ctx))
        .map(items -> new JsonObject().put("items", items))
        .onComplete(Responses.answer(ctx, 200));
  }

  public void redrive(RoutingContext ctx) {
    String id = ContractValidation.validated(ctx).getPathParameters().get("deadLetterId").getString();
    deadLetters.redrive(id)
        .onSuccess(accepted -> Responses.json(ctx, 202, new JsonObject()
            .put("contactId", accepted.contactId())
            .put("duplicate", false)))
        .onFailure(ctx::fail);
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "listChannelHealth", this::listChannelHealth,
        "listStaff", this::listStaff,
        "createStaff", this::createStaff,
        "listApiKeys", this::listApiKeys,
        "createApiKey", this::createApiKey,
        "revokeApiKey", this::revokeApiKey,
        "listDeadLetters", this::listDeadLetters,
        "redriveDeadLetter", this::redrive);
  }
}
