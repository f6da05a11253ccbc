package org.crmhub.portal.pages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the pages say statuses, channels and times to a customer. Plain text: the templates escape it. */
public final class Words {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'");

  private Words() {}

  public static String statusText(String status) {
    return switch (status) {
      case "open" -> "Open";
      case "pending" -> "Waiting for you";
      case "closed" -> "Closed";
      default -> status;
    };
  }

  public static String channelName(String channel) {
    return switch (channel) {
      case "sms" -> "text message";
      case "x" -> "X";
      case "messenger" -> "Messenger";
      case "instagram" -> "Instagram";
      case "portal" -> "this portal";
      default -> channel;
    };
  }

  public static String subject(String subject, String channel) {
    return subject != null && !subject.isBlank() ? subject : "Conversation by " + channelName(channel);
  }

  /** What a search found, said for the live region above the results. */
  public static String resultCount(int shown, boolean more) {
    if (shown == 0 && !more) {
      return "No messages found";
    }
    return (shown == 1 ? "1 message" : shown + " messages") + (more ? " found so far" : " found");
  }

  /** The search page for these words from this position; the template escapes it for the attribute. */
  public static String searchLink(String q, String cursor) {
    return "/search?q=" + URLEncoder.encode(q == null ? "" : q, StandardCharsets.UTF_8)
        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
  }

  public static String when(OffsetDateTime at) {
    return at == null ? "" : WHEN.format(at.withOffsetSameInstant(ZoneOffset.UTC));
  }
}
