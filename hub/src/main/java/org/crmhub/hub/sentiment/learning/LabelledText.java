package org.crmhub.hub.sentiment.learning;

import java.util.Objects;
import org.crmhub.hub.sentiment.SentimentLabel;

/** A text with the sentiment a person gave it: an agent's correction, or a row of an imported file. */
public record LabelledText(SentimentLabel label, String text) {

  public LabelledText {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(text, "text");
  }
}
