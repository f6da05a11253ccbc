package org.crmhub.hub.channels;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.connector.Connector;
import org.crmhub.hub.redis.Redis;

/**
 * For readiness: whether each source read under a lease (each configured mailbox) is being read,
 * and by which hub. "reading" means this hub holds the lease; "read by another hub" names the
 * holder and when its lease runs out (a holder that died without giving it up is taken over then);
 * "waiting" means no hub holds it right now. A last error newer than the last success adds
 * {@code failing} with the error.
 */
public final class LeasedSourcesReport {

  private final Redis redis;
  private final String hubId;
  private final List<Connector> connectors;
  private final ChannelHealthStore health;

  public LeasedSourcesReport(Redis redis, String hubId, List<Connector> connectors, ChannelHealthStore health) {
    this.redis = redis;
    this.hubId = hubId;
    this.connectors = List.copyOf(connectors);
    this.health = health;
  }

  /** Source name -> its state; empty when no connector reads anything under a lease. */
  public Future<JsonObject> report() {
    List<Future<JsonObject>> states = new ArrayList<>();
    for (Connector connector : connectors) {
      for (String source : connector.leasedSources()) {
        states.add(state(connector.name(), source));
      }
    }
    return Future.all(states).map(all -> {
      JsonObject report = new JsonObject();
      for (int i = 0; i < states.size(); i++) {
        JsonObject state = all.resultAt(i);
        report.put((String) state.remove("source"), state);
      }
      return report;
    });
  }

  private Future<JsonObject> state(String connector, String source) {
    String lease = ChannelKeys.lease(source);
    Future<String> holder = redis.call(c -> c.get(lease));
    Future<Long> remaining = redis.call(c -> c.pttl(lease));
    Future<JsonObject> last = health.entry(connector, source);
    return Future.all(holder, remaining, last).map(all -> {
      JsonObject state = new JsonObject().put("source", source);
      String heldBy = holder.result();
      if (heldBy == null) {
        state.put("state", "waiting").put("reading", false);
      } else if (heldBy.equals(hubId)) {
        state.put("state", "reading").put("reading", true);
      } else {
        state.put("state", "read by another hub").put("reading", true).put("holder", heldBy)
            .put("leaseEndsInMs", Math.max(0, remaining.result()));
      }
      JsonObject entry = last.result();
      String lastSuccess = entry.getString("lastSuccessAt");
      String lastError = entry.getString("lastErrorAt");
      if (lastSuccess != null) {
        state.put("lastSuccessAt", lastSuccess);
      }
      if (lastError != null && (lastSuccess == null || Instant.parse(lastError).isAfter(Instant.parse(lastSuccess)))) {
        state.put("reading", false).put("failing", true).put("lastError", entry.getString("lastError"))
            .put("lastErrorAt", lastError);
      }
      return state;
    });
  }
}
