package org.crmhub.hub.staff;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.crmhub.hub.api.ApiProblem;
import org.crmhub.hub.api.Authentication;
import org.crmhub.hub.api.ContractValidation;
import org.crmhub.hub.api.Responses;
import org.crmhub.hub.auth.Principal;
import org.crmhub.hub.auth.Role;
import org.crmhub.hub.auth.StaffStore;

/** Admins edit staff users: name, role, disabled, a new password. */
public final class StaffAdminApi {

  private final StaffChanges changes;
  private final StaffStore staff;

  public StaffAdminApi(StaffChanges changes, StaffStore staff) {
    this.changes = changes;
    this.staff = staff;
  }

  public void update(RoutingContext ctx) {
    String username = username(ctx);
    JsonObject body = ContractValidation.validated(ctx).getBody().getJsonObject();
    String role = body.getString("role");
    changes.update(username, body.getString("name"), role == null ? null : Role.fromWireName(role),
            body.getBoolean("disabled"))
        .compose(v -> staff.get(username))
        .onSuccess(user -> Responses.json(ctx, 200, user))
        .onFailure(failure -> ctx.fail(ApiProblem.fromRefusal(failure)));
  }

  public void setPassword(RoutingContext ctx) {
    String username = username(ctx);
    JsonObject body = ContractValidation.validated(ctx).getBody().getJsonObject();
    Principal caller = Authentication.principal(ctx);
    String keep = caller.isSession() && username.equals(caller.username()) ? caller.sessionId() : null;
    changes.setPassword(username, body.getString("password"), keep)
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(failure -> ctx.fail(ApiProblem.fromRefusal(failure)));
  }

  private static String username(RoutingContext ctx) {
    return ContractValidation.validated(ctx).getPathParameters().get("username").getString();
  }
}
