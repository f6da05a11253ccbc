package org.crmhub.hub.customer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.crmhub.hub.customer.CustomerStore.SentimentPoint;

/**
 * A customer's recent mood: the mean of their messages' sentiment, each older point weighing
 * {@value #DECAY} of the next newer one, so the latest messages count most.
 *
 * @param current null when there are no points
 * @param label negative, neutral or positive by VADER's ±0.05 cut; null when there are no points
 */
public record SentimentTrend(Double current, String label, List<SentimentPoint> points) {

  private static final double DECAY = 0.8;

  /** @param points oldest first */
  public static SentimentTrend of(List<SentimentPoint> points) {
    if (points.isEmpty()) {
      return new SentimentTrend(null, null, points);
    }
    double weighted = 0;
    double weights = 0;
    double weight = 1;
    for (int i = points.size() - 1; i >= 0; i--) {
      weighted += weight * points.get(i).compound();
      weights += weight;
      weight *= DECAY;
    }
    double current = Math.round(weighted / weights * 10_000) / 10_000.0;
    String label = current >= 0.05 ? "positive" : current <= -0.05 ? "negative" : "neutral";
    return new SentimentTrend(current, label, points);
  }

  public boolean isNegative() {
    return "negative".equals(label);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("points", new JsonArray(points.stream().map(SentimentPoint::toJson).toList()));
    if (current != null) {
      json.put("current", current).put("label", label);
    }
    return json;
  }
}
