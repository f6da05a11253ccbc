package org.crmhub.connector.email;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The topic of a subject line: without reply and forward prefixes in the usual languages
 * ({@code Re:}, {@code Fwd:}, {@code AW:}, {@code SV:}, {@code Antw:}, counted ones like
 * {@code Re[2]:}) and without leading bracket tags ({@code [#1234]}, {@code [EXTERNAL]}),
 * whitespace collapsed, lower case. Two mails with one topic are about the same thing.
 */
final class SubjectTopic {

  private static final Pattern PREFIX = Pattern.compile(
      "^(re|fw|fwd|aw|wg|sv|vs|antw|antwort|ref|tr|rif|r|res|enc|odp|pd|vb|ynt|atb|hv)\\s*(\\[\\d{1,4}]|\\(\\d{1,4}\\))?\\s*[:：]",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern TAG = Pattern.compile("^\\[[^\\]]{0,60}]");
  private static final int MAX_ROUNDS = 20;

  private SubjectTopic() {}

  /** The topic, or null when nothing is left (a blank subject names no topic). */
  static String of(String subject) {
    if (subject == null) {
      return null;
    }
    String topic = subject.strip();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      String before = topic;
      topic = PREFIX.matcher(topic).replaceFirst("").strip();
      topic = TAG.matcher(topic).replaceFirst("").strip();
      if (topic.equals(before)) {
        break;
      }
    }
    topic = topic.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    return topic.isEmpty() ? null : topic;
  }

  /** "Re: " + the subject, unless it is a reply already. */
  static String reply(String subject) {
    String original = subject == null || subject.isBlank() ? "" : subject.strip();
    if (PREFIX.matcher(original).find() && original.regionMatches(true, 0, "re", 0, 2)) {
      return original;
    }
    return original.isEmpty() ? "Re: your message" : "Re: " + original;
  }
}
