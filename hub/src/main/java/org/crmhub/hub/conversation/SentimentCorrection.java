package org.crmhub.hub.conversation;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.crmhub.hub.sentiment.SentimentLabel;

/**
 * A person's correction of one customer message's sentiment, stored beside the message (which
 * keeps the analyser's score as it was).
 *
 * @param compound what the message counts with in conversation and customer sentiment from now
 *     on ({@link SentimentLabel#correctedCompound})
 * @param correctedBy the actor, as audit records name it ({@code staff:ann}, {@code api-key:ID})
 */
public record SentimentCorrection(SentimentLabel label, double compound, String correctedBy, Instant correctedAt) {

  /** The correction to {@code label} of a message the analyser scored {@code analyserCompound}. */
  public static SentimentCorrection of(SentimentLabel label, double analyserCompound, String actor, Instant at) {
    return new SentimentCorrection(label, label.correctedCompound(analyserCompound), actor, at);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("label", label.wireName())
        .put("compound", compound)
        .put("correctedBy", correctedBy)
        .put("correctedAt", correctedAt.toString());
  }

  static SentimentCorrection fromJson(String json) {
    JsonObject stored = new JsonObject(json);
    return new SentimentCorrection(SentimentLabel.fromWireName(stored.getString("label")),
        stored.getDouble("compound"), stored.getString("correctedBy"), Instant.parse(stored.getString("correctedAt")));
  }

  /**
   * The message's sentiment as staff see it with this correction: the corrected label and
   * compound, who corrected it and when, and the analyser's own label and compound as
   * {@code original}.
   */
  JsonObject appliedTo(JsonObject analysed) {
    JsonObject sentiment = analysed.copy()
        .put("compound", compound)
        .put("label", label.wireName())
        .put("corrected", true)
        .put("correctedBy", correctedBy)
        .put("correctedAt", correctedAt.toString())
        .put("original", new JsonObject()
            .put("compound", analysed.getValue("compound"))
            .put("label", analysed.getString("label")));
    return sentiment;
  }

  /** {@code message} with its sentiment as corrected by {@code json} (null: as analysed). */
  static JsonObject applyTo(JsonObject message, String json) {
    JsonObject analysed = message.getJsonObject("sentiment");
    if (json == null || analysed == null) {
      return message;
    }
    return message.put("sentiment", fromJson(json).appliedTo(analysed));
  }
}
