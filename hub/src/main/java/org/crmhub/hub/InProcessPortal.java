package org.crmhub.hub;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import org.crmhub.portal.Mailer;
import org.crmhub.portal.PortalConfig;
import org.crmhub.portal.PortalVerticle;

/**
 * Starts the self-service portal next to a running hub, so the one run command gives both. The
 * hub supplies what the portal would otherwise need configured: its own URL, a portal API key it
 * makes itself, and its Redis (the embedded one's URL by default). PORTAL_* settings still win.
 */
public final class InProcessPortal {

  private InProcessPortal() {}

  public static boolean enabled(Map<String, String> env) {
    return !"false".equalsIgnoreCase(env.getOrDefault("PORTAL_ENABLED", "true").trim());
  }

  /** @param mailer null for the configured one (SMTP, or the log) */
  public static Future<PortalVerticle> deploy(Vertx vertx, Hub hub, HubConfig hubConfig, Map<String, String> env,
      Mailer mailer) {
    String host = hubConfig.host().equals("0.0.0.0") || hubConfig.host().equals("::") ? "127.0.0.1" : hubConfig.host();
    return hub.portalApiKey().compose(key -> {
      PortalConfig config = PortalConfig.fromEnvironment(env,
          new PortalConfig.HubLink("http://" + host + ":" + hub.port(), key, hub.activeRedisUrl()));
      PortalVerticle portal = new PortalVerticle(config, mailer);
      return vertx.deployVerticle(portal).map(id -> portal);
    });
  }
}
