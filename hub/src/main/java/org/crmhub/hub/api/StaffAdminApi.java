package org.crmhub.hub.api;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.crmhub.hub.auth.Principal;
import org.crmhub.hub.auth.Role;
import org.crmhub.hub.auth.StaffStore;
import org.crmhub.hub.staff.StaffChanges;

/** Admins edit staff users: name, role, disabled, a new password. */
public final class StaffAdminApi implements ApiOperations {

  private final StaffChanges changes;
  private final StaffStore staff;

  public StaffAdminApi(StaffChanges changes, StaffStore staff) {
    this.changes = changes;
    this.staff = staff;
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "updateStaff", this::update,
        "setStaffPassword", this::setPassword);
  }

  public void update(RoutingContext ctx) {
    String username = username(ctx);
    JsonObject body = ContractValidation.validated(ctx).getBody().getJsonObject();
    String role = body.getString("role");
    changes.update(username, body.getString("name"), role == null ? null : Role.fromWireName(role),
            body.getBoolean("disabled"))
        .compose(v -> staff.get(username))
        .onComplete(Responses.answer(ctx, 200));
  }

  public void setPassword(RoutingContext ctx) {
    String username = username(ctx);
    JsonObject body = ContractValidation.validated(ctx).getBody().getJsonObject();
    Principal caller = Authentication.principal(ctx);
    String keep = caller.isSession() && username.equals(caller.username()) ? caller.sessionId() : null;
    changes.setPassword(username, body.getString("password"), keep)
        .onComplete(Responses.empty(ctx, 204));
  }

  private static String username(RoutingContext ctx) {
    return ContractValidation.validated(ctx).getPathParameters().get("username").getString();
  }
}
